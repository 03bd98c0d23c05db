// Timings of the sales engine, injected so tests and benchmarks can shrink or grow them without
// globals (STYLE.md practice 18). Chain-time values are seconds of the market's clock.
import type { Seconds } from './clock';

/** How long the sales engine waits between steps, and how much it moves per step. */
export interface SalesTimings {
  /** Bytes fetched, written and released per download batch. */
  readonly downloadBatchBytes: number;
  /** Chain seconds between request-state polls once the expiry passed and the request still reads New. */
  readonly expiryPollSeconds: Seconds;
  /** Chain seconds into a new period before proving, so the chain has moved into it. */
  readonly periodGraceSeconds: Seconds;
}

/** Codex's timings: 1-second polls and grace, 1 MiB batches. */
export const defaultSalesTimings: SalesTimings = {
  downloadBatchBytes: 1 << 20,
  expiryPollSeconds: 1,
  periodGraceSeconds: 1,
};
