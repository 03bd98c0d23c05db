// The block exchange's numbers, injected so tests can shrink the waits (STYLE.md practice 18).

/** How much a download keeps in flight and how long it waits for peers. */
export interface ExchangeTimings {
  /** Blocks in flight per download (nim's fetchBatched window). */
  readonly window: number;
  /** Blocks admitted at once when the window has this much room (nim: 75 % of the window). */
  readonly refill: number;
  /** Re-send WantHave to peers that have not answered after this long (nim retries within 2 s). */
  readonly presenceRetryMs: number;
  /** A peer that stays silent on its requested blocks this long is evicted (nim: 1 minute). */
  readonly activityTimeoutMs: number;
  /** At most one provider search per this interval while blocks are stuck (nim: 3 s). */
  readonly discoveryIntervalMs: number;
  /** A download that makes no progress for this long fails. */
  readonly giveUpMs: number;
  /** WantBlock requests of one block before the download fails. */
  readonly maxBlockAttempts: number;
  /** How long misconduct bans a peer. */
  readonly banMs: number;
  /** Dialling a peer or its stream may take this long. */
  readonly dialTimeoutMs: number;
  /** The download's housekeeping interval. */
  readonly tickMs: number;
}

/** Codex's behaviour where Codex has a number, ours where it has none. */
export const defaultExchangeTimings: ExchangeTimings = {
  window: 1024,
  refill: 768,
  presenceRetryMs: 2_000,
  activityTimeoutMs: 60_000,
  discoveryIntervalMs: 3_000,
  giveUpMs: 5 * 60_000,
  maxBlockAttempts: 10,
  banMs: 10 * 60_000,
  dialTimeoutMs: 15_000,
  tickMs: 250,
};
