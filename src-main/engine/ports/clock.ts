// The chain clock port (docs/reference/marketplace.md §7.1 "Clock"). Time is the chain's block.timestamp in
// whole seconds, so every deadline the engine computes compares exactly as the contract does.

/** Chain time in integer Unix seconds. */
export type Seconds = number;

/** Raised by waitUntil when its signal aborts; the caller treats it as cancellation, not failure. */
export class ClockAbortedError extends Error {
  override readonly name = 'ClockAbortedError';
  constructor() {
    super('Waiting for the clock was aborted');
  }
}

/** The chain's notion of time: what the contract's block.timestamp reads now, and a way to wait for it. */
export interface Clock {
  /** Current chain time in integer seconds. */
  now(): Seconds;
  /**
   * Resolves once now() >= t (at once if it already is). Rejects with ClockAbortedError when the
   * signal aborts. A manual clock resolves waiters only when it is advanced, never by real sleeps.
   */
  waitUntil(t: Seconds, signal?: AbortSignal): Promise<void>;
}
