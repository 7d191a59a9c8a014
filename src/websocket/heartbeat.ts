/** What the heartbeat needs from a connection. */
export interface HeartbeatTarget {
  ping(): void;
  /** Drop the connection: the peer missed a pong. */
  terminate(): void;
  /** While reading is paused for backpressure the peer's pongs cannot arrive, so it is not judged. */
  isPaused(): boolean;
}

/**
 * Pings every `interval` ms and drops a peer that sent nothing (no pong, no message) between two pings. The timer
 * is unref'd so it never keeps the process alive; `stop()` clears it.
 * @example const heartbeat = new Heartbeat(target, 30_000); socket.on("pong", () => heartbeat.alive());
 */
export class Heartbeat {
  private heardFrom = true;
  private timer: NodeJS.Timeout | undefined;
  /** True once the peer was dropped for missing a pong. */
  failed = false;

  constructor(
    private readonly target: HeartbeatTarget,
    readonly interval: number,
  ) {
    if (interval <= 0) return;
    // A static callback with the heartbeat as its argument: no closure per connection.
    this.timer = setInterval(Heartbeat.onInterval, interval, this);
    this.timer.unref();
  }

  /** The peer showed it is there (pong, ping or message). */
  alive(): void {
    this.heardFrom = true;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private static onInterval(heartbeat: Heartbeat): void {
    heartbeat.tick();
  }

  private tick(): void {
    if (this.target.isPaused()) return void (this.heardFrom = true);
    if (!this.heardFrom) {
      this.failed = true;
      this.stop();
      this.target.terminate();
      return;
    }
    this.heardFrom = false;
    this.target.ping();
  }
}
