// `--market devnet` as one MarketBackend: the host connected through the chain adapter to a devnet
// world (an in-process EVM with the project's Marketplace and simulated clients, competitors and a
// validator acting through real transactions). The chain lives in memory: every start is a new
// chain, so the devnet's chain files are wiped and the engine's recovery ends the sales of the
// previous devnet (their bytes and collateral go back to the availabilities). The host downloads
// slots as on the Codex network: its own libp2p node on loopback, with the clients' peer as --peer,
// every block checked against the dataset tree (network/). `content: 'in-process'` reads the
// clients' datasets directly instead: the shortcut for tests that repair slots, since the network's
// data source cannot repair.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import type { ProofSystem, SlotDataSource, SlotId } from '../../engine/index';
import type { CodexSourceOptions, ExchangeTimings, HostNetwork } from '../../network/index';
import type { BackendContext, DevnetControl } from '../backend';
import { atomicJson } from '../chain/atomic-file';
import type { ChainBackend } from '../chain/backend';
import { openChainBackend } from '../chain/open';
import { devnetChainTimings } from '../chain/timings';
import { loopbackNetworkReading, startLoopbackHost } from '../clients/loopback-host';
import type { DevnetAccount } from './accounts';
import { devnetControl } from './control';
import { InFlight } from './quiet';
import { startDevnetWorld, type DevnetWorld, type DevnetWorldOptions } from './world';

/** The devnet's knobs (`--devnet-*` flags and tests). */
export interface DevnetBackendOptions extends DevnetWorldOptions {
  /** A world already running (tests share one between hosts); else one is started and stopped with the host. */
  readonly world?: DevnetWorld;
  /** The host's account (default: the world's first host account). */
  readonly hostAccount?: DevnetAccount;
  /** The first block whose events the host hears (default: the deployment; a host joining a shared world late hears only what came after it joined). */
  readonly fromBlock?: number;
  /** How the host reads the clients' datasets: over loopback libp2p (default), or in process (can repair). */
  readonly content?: 'network' | 'in-process';
  /** Block exchange timings for the network mode (default loopbackExchangeTimings). */
  readonly exchangeTimings?: Partial<ExchangeTimings>;
  /** The network data source's hooks (onBlockProof, onManifest) for the network mode. */
  readonly networkSource?: Omit<CodexSourceOptions, 'staticPeers' | 'findProviders'>;
}

/** The devnet bundle, with its parts for tests and the bench. */
export interface DevnetBackend extends Omit<ChainBackend, 'kind'> {
  readonly kind: 'devnet';
  readonly devnet: DevnetControl & { settle(): Promise<boolean> };
  readonly world: DevnetWorld;
  /** Slots whose host proofs are replaced by the invalid one (nim-codex's --simulate-proof-failures, per slot). */
  readonly failingProofs: Set<SlotId>;
  /** Slots whose next host proof only is the invalid one (a single missed period). */
  readonly failNextProof: Set<SlotId>;
  /** The host's data plane (absent with `content: 'in-process'`). */
  readonly hostNetwork: HostNetwork | undefined;
}

/**
 * The host's chain files (cursor, nonce journal, identity, slot trees) for this world: kept when the
 * host reconnects to the same devnet, wiped when the devnet is new (its old slots are gone).
 */
function prepareChainDir(context: BackendContext, world: DevnetWorld): string {
  const chainDir = join(context.dataDir, 'devnet');
  const marker = join(chainDir, 'world.json');
  const previous = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { id?: string }).id : undefined;
  if (previous === world.id) return chainDir;
  if (previous !== undefined || existsSync(join(chainDir, 'chain.json'))) {
    context.logger.warn(
      'the devnet runs in memory: this start is a new chain, and the slots held on the previous devnet are gone with it (their sales end now; bytes and collateral go back to the availabilities)',
    );
  }
  rmSync(chainDir, { recursive: true, force: true });
  mkdirSync(join(chainDir, 'trees'), { recursive: true, mode: 0o700 });
  atomicJson(marker, { id: world.id });
  return chainDir;
}

/** Connects the host to a devnet (started here unless given); throws DevnetUnavailableError without Hardhat/EDR. */
export async function createDevnetBackend(
  context: BackendContext,
  options: DevnetBackendOptions = {},
): Promise<DevnetBackend> {
  const world = options.world ?? (await startDevnetWorld(options, context.logger));
  let network: HostNetwork | undefined;
  try {
    const chainDir = prepareChainDir(context, world);
    if (options.content !== 'in-process')
      network = await startLoopbackHost(world.clientPeer, {
        dataDir: chainDir,
        log: context.logger,
        timings: options.exchangeTimings,
        source: options.networkSource,
      });
    const dataSource: SlotDataSource = network?.dataSource ?? world.content;
    const chain = world.chain;
    const account = options.hostAccount ?? world.hostAccounts[0];
    if (!account) throw new Error('the devnet keeps no account for a host');
    const proving = new InFlight();
    const calls = new InFlight();
    const failingProofs = new Set<SlotId>();
    const failNextProof = new Set<SlotId>();
    const own = world.proofs.hostProofSystem({
      repo: context.repo,
      hasher: world.hasher,
      treeDir: join(chainDir, 'trees'),
      content: world.content,
    });
    const proofSystem = proving.wrap<ProofSystem>({
      scheme: own.scheme,
      readiness: () => own.readiness(),
      checkDataset: (request, dataset) => own.checkDataset(request, dataset),
      verifySlot: (slot, dataset, signal) => own.verifySlot(slot, dataset, signal),
      prove: async (slot, challenge, signal, purpose) =>
        failingProofs.has(slot.slotId) || failNextProof.delete(slot.slotId)
          ? own.invalidProof()
          : own.prove(slot, challenge, signal, purpose),
      invalidProof: () => own.invalidProof(),
      forget: (dataKey) => own.forget(dataKey),
    });
    const host = await openChainBackend(context, {
      options: {
        rpcUrl: chain.httpUrl,
        wsUrl: chain.wsUrl,
        marketplace: chain.addresses.marketplace,
        signer: { kind: 'private-key', file: '(a devnet account)' },
        fromBlock: options.fromBlock ?? chain.addresses.deployBlock,
        confirmations: 1,
      },
      signer: new Wallet(account.privateKey),
      chainDir,
      timings: devnetChainTimings,
      dataSource: () => dataSource,
      proofSystem: () => proofSystem,
    });
    const hostNetwork = network;
    const sessions = () => [host.session, ...world.sessions()];
    const busy = () =>
      world.busy() ||
      proving.count > 0 ||
      calls.count > 0 ||
      context.engineBusy() ||
      host.session.status.get().pendingTransactions > 0;
    const control = devnetControl({
      devnet: chain,
      host: host.session,
      sessions,
      clients: world.clients,
      busy,
      period: world.config.proofs.period,
    });
    return {
      ...host,
      kind: 'devnet',
      market: calls.wrap(host.market),
      devnet: control,
      world,
      failingProofs,
      failNextProof,
      hostNetwork: network,
      ...(hostNetwork ? { network: { status: () => loopbackNetworkReading(hostNetwork) } } : {}),
      async close() {
        await host.close();
        await network?.stop();
        if (!options.world) await world.stop();
      },
    };
  } catch (error) {
    await network?.stop();
    if (!options.world) await world.stop();
    throw error;
  }
}
