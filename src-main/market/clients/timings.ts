// How long a host waits for the simulated clients' peer. One peer on loopback answers within
// milliseconds, so a download that hears nothing for seconds will not hear more, and a client that
// stopped serving shows as content unavailable in about 15 s rather than Codex's minutes.
import type { ExchangeTimings } from '../../network/index';

/** The block exchange's waits against a peer on loopback (the embedded market's and the devnet's). */
export const loopbackExchangeTimings: Partial<ExchangeTimings> = {
  presenceRetryMs: 500,
  activityTimeoutMs: 5_000,
  discoveryIntervalMs: 1_000,
  giveUpMs: 15_000,
  dialTimeoutMs: 5_000,
};
