type AnyGenerator = AsyncGenerator<unknown> | Generator<unknown>;

/**
 * Teardown of generator dependencies, run in reverse order: after the response is sent (or the WebSocket ends)
 * when all went well; before the error response is made when something failed, so the error is thrown into each
 * generator at its `yield` and a generator may answer with another error (FastAPI's "dependencies with yield and
 * HTTPException"). Each generator is finished exactly once.
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
   * Throws `error` into every generator, innermost (last started) first, and gives back the error to answer with:
   * a generator that raises a different error replaces it for the generators outside it and for the response
   * (an `HTTPException` raised while handling the handler's error becomes the response). A generator that catches
   * the error without raising leaves it in place. Other failures of a teardown go to `onError`.
   */
  async unwind(error: unknown, onError: (error: unknown) => void): Promise<unknown> {
    let current = error;
    for (let entry = this.entries.pop(); entry !== undefined; entry = this.entries.pop()) {
      const { generator, name } = entry;
      try {
        const step = await generator.throw(current);
        if (!step.done) {
          await generator.return(undefined);
          onError(
            new Error(
              `Dependency ${name} yielded more than once. A generator dependency yields its value exactly once; put teardown after that yield.`,
            ),
          );
        }
      } catch (raised) {
        current = raised;
      }
    }
    return current;
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
          onError(
            new Error(
              `Dependency ${name} yielded more than once. A generator dependency yields its value exactly once; put teardown after that yield.`,
            ),
          );
        }
      } catch (teardownError) {
        // A generator re-raising the request's own error is the normal way to let it propagate, not a new failure.
        if (teardownError !== error) onError(teardownError);
      }
    }
  }
}
