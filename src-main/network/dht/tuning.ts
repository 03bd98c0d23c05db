// Every timing and bound of the DHT in one place. Defaults are Codex's where it has one
// (protocol.nim, transport.nim, routing_table.nim); the rest bound what a peer can make us hold.
import type { RateLimits } from './rate-limit';

export interface DhtTuning {
  /** Wait for an answer (Codex: 1 s) and for the handshake after a WHOAREYOU (Codex: 500 ms). */
  responseTimeoutMs: number;
  handshakeTimeoutMs: number;
  /** Extra attempts after a request times out. */
  retries: number;
  /** Kademlia: concurrency, bucket size, replacement cache (Codex: 3, 16, 8). */
  alpha: number;
  bucketSize: number;
  replacements: number;
  /** Timeouts in a row after which a node leaves the table when no replacement waits. */
  maxFailures: number;
  /** Ping the least recently seen node of a random bucket every min..max ms (Codex: 5–10 s). */
  revalidateMinMs: number;
  revalidateMaxMs: number;
  /** A random lookup when none ran for this long (Codex: 5 min). */
  refreshMs: number;
  /** Re-announce what we provide this often (Codex's advertiser: 30 min). */
  reprovideMs: number;
  /** Provider records: lifetime (Codex: 24 h), per key (Codex: 20), in all. */
  providerTtlMs: number;
  providersPerKey: number;
  providersTotal: number;
  /** CIDs we keep re-announcing. */
  maxProvided: number;
  /** Bounds of the session layer. */
  sessions: number;
  pendingPackets: number;
  queuedNodes: number;
  queuedPerNode: number;
  maxInFlight: number;
  sprCache: number;
  /** Packets per source ip:port. */
  rate: RateLimits;
  /** Signature checks (handshakes, provider records) per source ip:port. */
  verifyRate: RateLimits;
  /** Milliseconds since the epoch; tests move it to expire records. */
  now: () => number;
}

export const defaultTuning: DhtTuning = {
  responseTimeoutMs: 1000,
  handshakeTimeoutMs: 500,
  retries: 1,
  alpha: 3,
  bucketSize: 16,
  replacements: 8,
  maxFailures: 3,
  revalidateMinMs: 5000,
  revalidateMaxMs: 10_000,
  refreshMs: 5 * 60_000,
  reprovideMs: 30 * 60_000,
  providerTtlMs: 24 * 3600_000,
  providersPerKey: 20,
  providersTotal: 100_000,
  maxProvided: 100_000,
  sessions: 1024,
  pendingPackets: 1024,
  queuedNodes: 256,
  queuedPerNode: 16,
  maxInFlight: 512,
  sprCache: 2048,
  rate: { perSecond: 100, burst: 200, maxPeers: 4096 },
  verifyRate: { perSecond: 10, burst: 30, maxPeers: 4096 },
  now: () => Date.now(),
};
