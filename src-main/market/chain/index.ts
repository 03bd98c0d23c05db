// The chain market's public face: parse the flags, connect (with the start-up checks), bundle the
// session as a MarketBackend, and the keystore helpers a CLI or a desktop prompt calls.
export { connectChain, loadSigner, type ConnectContext, type ConnectResult } from './connect';
export {
  CHAIN_FLAGS,
  parseChainOptions,
  type ChainFlagValues,
  type ChainOptions,
  type ChainOptionsResult,
  type SignerOption,
} from './options';
export { createChainBackend, type ChainBackend } from './backend';
export type { ChainSession } from './session';
export { ChainStatus, type ChainConnection, type ChainStatusSnapshot, type EventTransport } from './status';
export {
  createKeystore,
  importKeystore,
  KEYSTORE_FILE,
  loadPrivateKeyFile,
  openKeystore,
  PASSWORD_ENV,
  resolvePassword,
  WalletError,
  type KeystoreOptions,
} from './keystore';
export { CHAIN_PROOF_SCHEME, UnsupportedProofError, type Groth16ChainProof } from './proof';
export { defaultChainTimings, devnetChainTimings, type ChainTimings } from './timings';
export { GROTH16_PROOF_GAS, type GasOutlook } from './wallet';
export { MARKETPLACE_ABI, TOKEN_ABI, VERIFIER_ABI } from './abi';
