// A counting semaphore whose waiters leave the line when their sale moves on, so a sale that is
// cancelled while waiting for a download or a proof never takes one. Urgent waiters go first:
// the proof of a slot we hold (late means slashed) before the proof of a slot we are about to fill.

/** At most `limit` holders at once; waiters leave the line when their signal aborts. */
export class Semaphore {
  private held = 0;
  private readonly urgent: (() => void)[] = [];
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Places taken now. */
  get taken(): number {
    return this.held;
  }

  /** Resolves once a place is free; rejects with the signal's reason if it aborts first. Urgent waiters are served first. */
  async acquire(signal: AbortSignal, urgent = false): Promise<void> {
    signal.throwIfAborted();
    if (this.held < this.limit) {
      this.held++;
      return;
    }
    const line = urgent ? this.urgent : this.waiting;
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', leave);
        resolve();
      };
      const leave = (): void => {
        line.splice(line.indexOf(grant), 1);
        reject(signal.reason);
      };
      line.push(grant);
      signal.addEventListener('abort', leave, { once: true });
    });
  }

  /** Frees a place, handing it straight to the next waiter. */
  release(): void {
    const next = this.urgent.shift() ?? this.waiting.shift();
    // The place passes straight to the next waiter, so `held` stays the same.
    if (next !== undefined) next();
    else this.held--;
  }

  /** Runs `work` holding a place. */
  async run<T>(signal: AbortSignal, work: () => Promise<T>, urgent = false): Promise<T> {
    await this.acquire(signal, urgent);
    try {
      return await work();
    } finally {
      this.release();
    }
  }
}
