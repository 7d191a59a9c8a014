/**
 * The app's lifespan: an async generator whose code before `yield` is startup and after it is shutdown. A yielded
 * object is merged into `app.state`, like Starlette's lifespan state.
 * @example lifespan: async function* (app) { await db.connect(); yield; await db.close(); }
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a lifespan may `yield;` nothing, which `void` says and `undefined` does not
export type Lifespan<A, S> = (app: A) => AsyncGenerator<S | void, void, void> | AsyncIterator<S | void, void, void>;

export class LifespanRunner<A, S> {
  // biome-ignore lint/suspicious/noConfusingVoidType: what a Lifespan yields (see above)
  private running: AsyncIterator<S | void, void, void> | undefined;
  private phase: "idle" | "starting" | "started" | "stopping" | "stopped" = "idle";
  private startPromise?: Promise<void>;

  constructor(private readonly lifespan: Lifespan<A, S> | undefined) {}

  get started(): boolean {
    return this.phase === "started";
  }

  /** Runs startup once; concurrent callers share it. */
  startup(app: A, state: object): Promise<void> {
    this.startPromise ??= (async () => {
      this.phase = "starting";
      if (this.lifespan) {
        this.running = this.lifespan(app);
        const first = await this.running.next();
        if (first.done) throw new Error("The lifespan generator must `yield` once (between startup and shutdown); it returned instead.");
        if (first.value && typeof first.value === "object") Object.assign(state, first.value);
      }
      this.phase = "started";
    })();
    return this.startPromise;
  }

  async shutdown(): Promise<void> {
    if (this.phase !== "started") return;
    this.phase = "stopping";
    const running = this.running;
    this.running = undefined;
    if (running) {
      const next = await running.next();
      if (!next.done) throw new Error("The lifespan generator must `yield` only once.");
    }
    this.phase = "stopped";
    this.startPromise = undefined;
  }
}
