/** What the heartbeat needs from a connection: the connection itself (no per-connection heartbeat object). */
export interface HeartbeatTarget {
  /** Cleared on each sweep after a ping, set again by any pong, ping or message from the peer. */
  heardFrom: boolean;
  ping(): void;
  /** Drop the connection: the peer missed a pong. */
  missedPong(): void;
  /** While reading is paused for backpressure the peer's pongs cannot arrive, so it is not judged. */
  isPaused(): boolean;
}

/**
 * Pings every connection with the same interval from one shared, unref'd timer (as `ws`'s docs suggest): a peer
 * that sent nothing (no pong, no message) between two sweeps is dropped. One timer per interval value instead of
 * one per connection; it stops when its last connection leaves.
 * @example heartbeats.add(transport, 30_000); … heartbeats.delete(transport, 30_000);
 */
class HeartbeatSweep {
  private readonly members = new Set<HeartbeatTarget>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly interval: number) {}

  get size(): number {
    return this.members.size;
  }

  add(target: HeartbeatTarget): void {
    target.heardFrom = true;
    this.members.add(target);
    if (this.timer === undefined) {
      // A static callback with the sweep as its argument; unref'd so it never keeps the process alive.
      this.timer = setInterval(HeartbeatSweep.onInterval, this.interval, this);
      this.timer.unref();
    }
  }

  delete(target: HeartbeatTarget): void {
    if (!this.members.delete(target) || this.members.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private static onInterval(sweep: HeartbeatSweep): void {
    sweep.tick();
  }

  private tick(): void {
    for (const target of this.members) {
      if (target.isPaused()) {
        target.heardFrom = true;
      } else if (!target.heardFrom) {
        this.delete(target);
        target.missedPong();
      } else {
        target.heardFrom = false;
        target.ping();
      }
    }
  }
}

const sweeps = new Map<number, HeartbeatSweep>();

/** Start pinging `target` every `interval` ms (`0` disables). */
export function startHeartbeat(target: HeartbeatTarget, interval: number): void {
  if (interval <= 0) return;
  let sweep = sweeps.get(interval);
  if (!sweep) sweeps.set(interval, (sweep = new HeartbeatSweep(interval)));
  sweep.add(target);
}

/** Stop pinging `target`; idempotent. */
export function stopHeartbeat(target: HeartbeatTarget, interval: number): void {
  const sweep = sweeps.get(interval);
  if (!sweep) return;
  sweep.delete(target);
  if (sweep.size === 0) sweeps.delete(interval);
}
