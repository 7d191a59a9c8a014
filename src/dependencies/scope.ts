type AnyGenerator = AsyncGenerator<unknown> | Generator<unknown>;

/**
 * Teardown of generator dependencies, run in reverse order after the response is sent (or the WebSocket ends).
 * The error that ended the request, if any, is thrown into each generator so it can roll back.
 */
export class DependencyScope {
  private readonly entries: Array<{ generator: AnyGenerator; name: string }> = [];

  add(generator: AnyGenerator, name = "generator dependency"): void {
    this.entries.push({ generator, name });
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Finishes every generator, last started first. `error` (the request's failure, or undefined) is thrown into
   * each; teardown errors go to `onError` and never stop the other teardowns.
   */
  async close(error: unknown, onError: (error: unknown) => void): Promise<void> {
    for (let entry = this.entries.pop(); entry !== undefined; entry = this.entries.pop()) {
      const { generator, name } = entry;
      try {
        const step = error === undefined ? await generator.next() : await generator.throw(error);
        if (!step.done) {
          await generator.return(undefined);
          onError(new Error(`Dependency ${name} yielded more than once. A generator dependency yields its value exactly once; put teardown after that yield.`));
        }
      } catch (teardownError) {
        // A generator re-raising the request's own error is the normal way to let it propagate, not a new failure.
        if (teardownError !== error) onError(teardownError);
      }
    }
  }
}
