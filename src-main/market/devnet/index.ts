// The devnet's public face: start an in-process EVM with the project's Marketplace deployed and
// funded accounts (Hardhat/EDR are loaded only when it starts).
export { DEVNET_CHAIN_ID, startDevnet, type Devnet, type DevnetOptions } from './devnet';
export { DevnetUnavailableError } from './edr';
export type { DeployedMarket, VerifierChoice } from './deploy';
export { devnetAccount, type DevnetAccount } from './accounts';
export { loadContracts } from './artifacts';
export type { Artifact, CompiledContracts } from './compile';
