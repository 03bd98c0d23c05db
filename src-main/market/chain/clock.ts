// Chain time for the engine, from block timestamps (never the wall clock's reading): the newest
// block's timestamp, carried forward by the wall time elapsed since that block was seen, as
// nim-codex's OnChainClock does, so a deadline passes even while no block is mined. It never runs
// backwards, and a block from a time jump (evm_increaseTime on a devnet) moves it at once.
import { type Clock, ClockAbortedError, type Seconds } from '../../engine/index';
import type { BlockHeader } from './heads';

interface Waiter {
  t: Seconds;
  resolve(): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The Clock port over the chain's blocks. */
export class BlockClock implements Clock {
  #base: Seconds;
  #seenAt: number;
  #last: Seconds;
  readonly #waiters = new Set<Waiter>();

  constructor(
    head: BlockHeader,
    private readonly wallMs: () => number = Date.now,
  ) {
    this.#base = head.timestamp;
    this.#seenAt = wallMs();
    this.#last = head.timestamp;
  }

  /** A new block: its timestamp is chain time as of now. */
  observe(head: BlockHeader): void {
    if (head.timestamp >= this.now()) {
      this.#base = head.timestamp;
      this.#seenAt = this.wallMs();
    }
    this.#wakeDue();
  }

  now(): Seconds {
    const t = this.#base + Math.floor((this.wallMs() - this.#seenAt) / 1000);
    if (t > this.#last) this.#last = t;
    return this.#last;
  }

  waitUntil(t: Seconds, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new ClockAbortedError());
    if (this.now() >= t) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        t,
        timer: undefined,
        resolve: () => {
          this.#drop(waiter);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#drop(waiter);
        reject(new ClockAbortedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
      this.#arm(waiter);
    });
  }

  /** Number of pending waiters. */
  get pendingWaiters(): number {
    return this.#waiters.size;
  }

  /** Rejects nothing, clears every timer: waiters stay pending (the app is closing). */
  stop(): void {
    for (const waiter of this.#waiters) if (waiter.timer) clearTimeout(waiter.timer);
    this.#waiters.clear();
  }

  #arm(waiter: Waiter): void {
    if (waiter.timer) clearTimeout(waiter.timer);
    // Wake when the carried-forward time reaches t: the first wall millisecond of second t.
    const due = this.#seenAt + (waiter.t - this.#base) * 1000;
    waiter.timer = setTimeout(
      () => (this.now() >= waiter.t ? waiter.resolve() : this.#arm(waiter)),
      Math.max(1, due - this.wallMs()),
    );
    waiter.timer.unref?.();
  }

  #wakeDue(): void {
    for (const waiter of [...this.#waiters]) {
      if (this.now() >= waiter.t) waiter.resolve();
      else this.#arm(waiter);
    }
  }

  #drop(waiter: Waiter): void {
    if (waiter.timer) clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
  }
}
