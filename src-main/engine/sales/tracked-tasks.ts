// A registry of running background work that can be cancelled and awaited as a whole
// (docs/reference/sales.md §1.9). Cancellation is cooperative: each task gets an AbortSignal and is expected
// to settle soon after it fires; cancelAll() waits for every one of them to settle.

/** A tracked piece of background work: its settlement and the way to cancel it. */
export interface TrackedTask {
  readonly done: Promise<void>;
  readonly signal: AbortSignal;
  cancel(): void;
}

/** Background work a component started and must cancel and await before it stops. */
export class TrackedTasks {
  private readonly tasks = new Set<TrackedTask>();
  private cancelling = false;

  /** Number of tasks still running. */
  get size(): number {
    return this.tasks.size;
  }

  /** Whether `task` is still running. */
  has(task: TrackedTask): boolean {
    return this.tasks.has(task);
  }

  /**
   * Starts `work` now with its own AbortSignal and tracks it until it settles. A rejection is handed
   * to `onError` (never left unhandled); work started while cancelAll() runs starts already aborted.
   */
  run(work: (signal: AbortSignal) => Promise<unknown>, onError: (error: unknown) => void): TrackedTask {
    const controller = new AbortController();
    if (this.cancelling) controller.abort();
    // The work starts synchronously, so it can listen to its signal before anyone can abort it.
    let started: Promise<unknown>;
    try {
      started = Promise.resolve(work(controller.signal));
    } catch (error) {
      started = Promise.reject(error);
    }
    const done = started
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => this.tasks.delete(task));
    const task: TrackedTask = { done, signal: controller.signal, cancel: () => controller.abort() };
    this.tasks.add(task);
    return task;
  }

  /** Cancels every tracked task and waits until all of them have settled. */
  async cancelAll(): Promise<void> {
    this.cancelling = true;
    try {
      while (this.tasks.size > 0) {
        const pending = [...this.tasks];
        for (const task of pending) task.cancel();
        await Promise.all(pending.map((task) => task.done));
      }
    } finally {
      this.cancelling = false;
    }
  }
}
