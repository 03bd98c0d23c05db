// The Codex DHT: the public face of this folder.
export { CodexDht } from './codex-dht';
export { DhtError } from './options';
export type { CodexDhtOptions, DhtPeer, ProviderInfo } from './options';
export { defaultTuning } from './tuning';
export type { DhtTuning } from './tuning';
export { keyForCid, nodeIdFromPeerId } from './node-id';
