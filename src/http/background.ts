/**
 * Work to run after the response has been sent (FastAPI's `BackgroundTasks`). Tasks run in order; one failing is
 * logged and does not stop the next.
 * @example background.add(sendWelcomeEmail, user.email)
 */
export class BackgroundTasks {
  private readonly tasks: Array<() => unknown> = [];

  add<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): void {
    this.tasks.push(() => fn(...args));
  }

  get size(): number {
    return this.tasks.length;
  }

  async run(onError: (error: unknown) => void): Promise<void> {
    for (const task of this.tasks) {
      try {
        await task();
      } catch (error) {
        onError(error);
      }
    }
  }
}
