// Remembers, per user and client message id, the outcome of each `say`: a retry of a message that went out gets the
// same answer instead of a second copy; a retry while the first attempt is still running waits for it. Bounded:
// the oldest entries go first, and each is kept `ttlMs` (long enough for any client to retry).
import type { ChatMessageOut } from "./messages.ts";

export class SentMessages {
  readonly #outcomes = new Map<string, { message: Promise<ChatMessageOut>; at: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    readonly ttlMs = 10 * 60_000,
  ) {}

  /**
   * The message `clientId` already became (or is becoming), else what `send()` makes of it. A failed send is
   * forgotten, so the retry sends again.
   */
  once(username: string, clientId: string, send: () => Promise<ChatMessageOut>): Promise<ChatMessageOut> {
    const key = `${username}\n${clientId}`;
    const known = this.#outcomes.get(key);
    if (known && Date.now() - known.at < this.ttlMs) return known.message;
    const message = send();
    this.#outcomes.delete(key);
    this.#outcomes.set(key, { message, at: Date.now() });
    if (this.#outcomes.size > this.maxEntries) this.#outcomes.delete(this.#outcomes.keys().next().value!);
    message.catch(() => {
      if (this.#outcomes.get(key)?.message === message) this.#outcomes.delete(key);
    });
    return message;
  }
}
