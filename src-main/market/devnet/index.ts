// The devnet's public face: start an in-process EVM with the project's Marketplace deployed and
// funded accounts, and the devnet market bundle with its simulated actors. Hardhat/EDR and the
// Codex proof machinery (wasm, worker threads) are loaded only when a devnet starts.
import type { BackendContext } from '../backend';
import type { DevnetBackend, DevnetBackendOptions } from './backend';

export { DEVNET_CHAIN_ID, startDevnet, type Devnet, type DevnetOptions } from './devnet';
export { DevnetUnavailableError } from './edr';
export type { DeployedMarket, VerifierChoice } from './deploy';
export { devnetAccount, type DevnetAccount } from './accounts';
export { loadContracts } from './artifacts';
export type { Artifact, CompiledContracts } from './compile';
export type { DevnetBackend, DevnetBackendOptions } from './backend';
export type { DevnetWorld, DevnetWorldOptions } from './world';
export type { DevnetProofs, HostProofContext } from './proof-setup';

/** Starts a devnet (or joins the given world) and connects the host to it. */
export async function createDevnetBackend(
  context: BackendContext,
  options: DevnetBackendOptions = {},
): Promise<DevnetBackend> {
  const { createDevnetBackend: create } = await import('./backend');
  return create(context, options);
}
