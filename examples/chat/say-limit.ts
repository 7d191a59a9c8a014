// How fast one user may post, over every connection and instance (counts in Redis when the chat is): past `max`
// messages in a window they are refused; past twice that, the connection is closed — a client that keeps sending
// after being told to slow down is not a person typing.
import type { RateLimitStore } from "skiffjs";

export type SayVerdict = "ok" | "slow down" | "abuse";

export class SayLimit {
  constructor(
    private readonly counts: RateLimitStore,
    readonly max: number,
    readonly windowSeconds: number,
    private readonly problem: (error: unknown) => void = () => {},
  ) {}

  async check(username: string): Promise<SayVerdict> {
    let count: number;
    try {
      count = (await this.counts.hit(`say:${username}`, this.windowSeconds * 1000)).count;
    } catch (error) {
      this.problem(error); // the counter is unreachable: let people talk rather than silence everyone
      return "ok";
    }
    if (count <= this.max) return "ok";
    return count > this.max * 2 ? "abuse" : "slow down";
  }

  get message(): string {
    return `Slow down: at most ${this.max} messages in ${this.windowSeconds} s`;
  }
}
