// The Codex DHT: the public face of this folder.
export { CodexDht, DhtError } from './codex-dht';
export type { CodexDhtOptions, DhtPeer, ProviderInfo } from './codex-dht';
export { defaultTuning } from './tuning';
export type { DhtTuning } from './tuning';
export { keyForCid, nodeIdFromPeerId } from './node-id';
