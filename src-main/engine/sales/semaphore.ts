// A counting semaphore whose waiters leave the line when their sale moves on, so a sale that is
// cancelled while waiting for a download slot never takes one.

/** At most `limit` holders at once; waiters leave the line when their signal aborts. */
export class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Resolves once a place is free; rejects with the signal's reason if it aborts first. */
  async acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.held < this.limit) {
      this.held++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', leave);
        resolve();
      };
      const leave = (): void => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(signal.reason);
      };
      this.waiting.push(grant);
      signal.addEventListener('abort', leave, { once: true });
    });
  }

  /** Frees a place, handing it straight to the next waiter. */
  release(): void {
    const next = this.waiting.shift();
    // The place passes straight to the next waiter, so `held` stays the same.
    if (next !== undefined) next();
    else this.held--;
  }
}
