// Event ids share the shape of Redis Stream ids, "<milliseconds>-<sequence>", so one comparison works for ids
// minted in-process and ids minted by Redis.

const ID = /^(\d+)(?:-(\d+))?$/;

/** Whether `id` has the `<ms>-<seq>` (or bare `<ms>`) shape accepted by `subscribe(channel, { since })`. */
export function isEventId(id: string): boolean {
  return ID.test(id);
}

/** `<ms>` becomes `<ms>-0`, so an incomplete id means "after everything in that millisecond's first slot". */
export function normalizeEventId(id: string): string {
  const match = ID.exec(id);
  if (!match) throw new TypeError(`Invalid event id ${JSON.stringify(id)}: expected "<milliseconds>-<sequence>"`);
  return `${BigInt(match[1])}-${BigInt(match[2] ?? "0")}`;
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareEventIds(a: string, b: string): number {
  const [aMs, aSeq] = split(a);
  const [bMs, bSeq] = split(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

function split(id: string): [bigint, bigint] {
  const dash = id.indexOf("-");
  return dash === -1 ? [BigInt(id), 0n] : [BigInt(id.slice(0, dash)), BigInt(id.slice(dash + 1))];
}

/**
 * Mints ids that strictly increase for the life of the generator, even when the wall clock goes backwards or
 * many ids are minted in one millisecond.
 */
export function createIdGenerator(now: () => number = Date.now): () => string {
  let lastMs = 0;
  let seq = 0;
  return () => {
    const ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      seq = 0;
    } else {
      seq += 1;
    }
    return `${lastMs}-${seq}`;
  };
}
