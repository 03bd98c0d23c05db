// The data plane's public face: what hosts, the simulated market and the DHT import.
export { NetworkError, type NetworkErrorCode } from './errors';
export * from './ids/codecs';
export {
  blockCid,
  buildCid,
  cidFromString,
  cidToString,
  EMPTY_BLOCK_CID,
  expectCid,
  manifestCid,
  parseCid,
  providerKey,
  provingRootCid,
  sha256,
  slotRootCid,
  treeCid,
  type Cid,
} from './ids/cid';
export { ShaTree, reconstructRoot, verifyProof, treeDepth, type CodexProof } from './tree/sha-tree';
export { decodeProof, encodeProof } from './tree/proof-codec';
export {
  decodeManifest,
  encodeManifest,
  manifestBlock,
  MAX_MANIFEST_BYTES,
  type ErasureInfo,
  type Manifest,
  type VerificationInfo,
} from './manifest/manifest';
export { LINEAR, STEPPED, nextPow2, slotShape, strategyIndices, type SlotShape } from './manifest/indexing';
export {
  BLOCK_SIZE,
  CELL_SIZE,
  checkAsk,
  checkManifest,
  slotBlockIndices,
  type AskShape,
  type VerifiableManifest,
} from './manifest/validate';
export * from './blockexc/message';
export { decodeMessage, encodeMessage, ZERO_PRICE } from './blockexc/codec';
export { FrameDecoder, frameChunks } from './blockexc/framing';
export { TreeVerifier } from './tree/tree-verifier';
export {
  DEFAULT_DISC_PORT,
  DEFAULT_LISTEN_ADDR,
  NETWORK_FLAGS,
  parseNetworkArgs,
  parseNetworkFlags,
  type BootstrapNode,
  type NetworkFlagValues,
  type NetworkOptions,
  type NetworkOptionsResult,
  type StaticPeer,
} from './node/options';
export { KEY_FILE, loadOrCreateIdentity } from './node/identity';
export { NetworkNode, type ConnectedPeer, type NetworkNodeConfig, type NodeStatus } from './node/node';
export { BlockExchange, type BlockExchangeOptions } from './exchange/exchange';
export { FetchFailedError, type WantedBlock } from './exchange/fetch';
export { defaultServingLimits, type ServedBlocks, type ServedLeaf, type ServingLimits } from './exchange/server';
export { defaultExchangeTimings, type ExchangeTimings } from './exchange/timings';
export {
  CodexDataSource,
  type BlockProof,
  type CodexSourceOptions,
  type FetchedManifest,
  type ProvenBlock,
} from './source/codex-source';
export type { FindProviders, ProviderInfo } from './source/peers';
export {
  datasetBlockCid,
  prepareDataset,
  slotBlocks,
  verifiableManifest,
  type DatasetInput,
  type ManifestRoots,
  type PreparedDataset,
} from './provider/dataset';
export { MemoryBlockStore } from './provider/memory-store';
export { startProvider, type Provider, type ProviderConfig } from './provider/provider';
export { startHostNetwork, type HostNetwork, type HostNetworkConfig } from './host';
export {
  startNetworkDataPlane,
  withDataPlane,
  type DataPlaneConfig,
  type DataPlaneStatus,
  type NetworkDataPlane,
} from './data-plane';
export { RepoServedBlocks } from './serve/repo-served-blocks';
export { SERVE_MANIFEST_FILE, SERVE_PROOFS_FILE, type StoredManifest, type StoredProof } from './serve/serve-files';
