// Timings of the sales engine, injected so tests and benchmarks can shrink or grow them without
// globals (docs/architecture.md, Practices). Chain-time values are seconds of the market's clock.
import type { Seconds } from './clock';

/** How long the sales engine waits between steps, and how much it moves per step. */
export interface SalesTimings {
  /** Bytes fetched, written and released per download batch. */
  readonly downloadBatchBytes: number;
  /** Slots downloaded at once; the others wait their turn, so memory stays bounded however many workers run. */
  readonly maxConcurrentDownloads: number;
  /** Chain seconds between request-state polls once the expiry passed and the request still reads New. */
  readonly expiryPollSeconds: Seconds;
  /** Chain seconds into a new period before proving, so the chain has moved into it. */
  readonly periodGraceSeconds: Seconds;
  /**
   * Spread periodic proofs over this many chain seconds after the grace, each slot at its own
   * fixed offset, so a host holding many slots does not wake them all in the same second. 0 proves
   * every slot at the start of the period, as Codex does. Clamped to leave room in the period.
   */
  readonly proofSpreadSeconds: Seconds;
  /**
   * How far back start() looks for requests still waiting for hosts, to queue their slots again:
   * the queue lives in memory, and without this a restart would forget every open request. 0 turns
   * it off (Codex's behaviour).
   */
  readonly requeueLookbackSeconds: Seconds;
}

/** Codex's timings: 1-second polls and grace, proofs at the period's start, 1 MiB batches; at most 8 downloads at once. */
export const defaultSalesTimings: SalesTimings = {
  downloadBatchBytes: 1 << 20,
  maxConcurrentDownloads: 8,
  expiryPollSeconds: 1,
  periodGraceSeconds: 1,
  proofSpreadSeconds: 0,
  requeueLookbackSeconds: 24 * 3600,
};
