// Every interval and timeout of the chain adapter in one object, so tests run them short.

/** How long the adapter waits, retries and polls. */
export interface ChainTimings {
  /** One HTTP request's timeout. */
  readonly requestTimeoutMs: number;
  /** First retry delay after a transport failure; doubles up to retryMaxMs. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** A call that keeps failing in transport this long fails with MarketUnavailable. */
  readonly giveUpMs: number;
  /** How often the newest block is polled over HTTP while no WebSocket delivers it. */
  readonly pollMs: number;
  /** Blocks without a receipt after which a transaction is replaced with a higher fee. */
  readonly stuckAfterBlocks: number;
  /** …or this long, whichever comes first (a chain may stall). */
  readonly stuckAfterMs: number;
  /** WebSocket reconnect delay; doubles up to retryMaxMs. */
  readonly reconnectMs: number;
}

/** Settings for a public chain with blocks every few seconds. */
export const defaultChainTimings: ChainTimings = {
  requestTimeoutMs: 15_000,
  retryBaseMs: 250,
  retryMaxMs: 5_000,
  giveUpMs: 120_000,
  pollMs: 2_000,
  stuckAfterBlocks: 5,
  stuckAfterMs: 90_000,
  reconnectMs: 500,
};

/** Settings for a local devnet, which mines a block per transaction. */
export const devnetChainTimings: ChainTimings = {
  ...defaultChainTimings,
  pollMs: 50,
  giveUpMs: 30_000,
};
