// The embedded simulated market as a MarketBackend (market/backend.ts): its chain clock, the
// host's Market, the simulated clients' Codex datasets, Codex's proof system up to the Groth16 step
// (its verifier checks the circuit's statement), the host's wallet on its ledger, and devnet
// control (post requests, move time). Hashing for both the clients and the host's proofs runs on
// the context's hasher, which the host owns and closes.
//
// The clients serve their datasets as one Codex peer on loopback and the host downloads every slot
// through its own libp2p node, every block proven (openSimBackend, the app's market). Reading the
// datasets in process instead is the shortcut for unit tests and benches, and for tests that
// repair slots, since the network's data source cannot repair (createInProcessSimBackend).
import { join } from 'node:path';
import type { Wallet } from '../../engine/index';
import type { CodexSourceOptions, ExchangeTimings, HostNetwork } from '../../network/index';
import { CodexStatementProofSystem, repoTreeStorage } from '../../proofs/codex/index';
import type { BackendContext, DevnetControl, MarketBackend } from '../backend';
import { startClientPeer, type ClientPeer } from '../clients/client-peer';
import { loopbackNetworkReading, startLoopbackHost } from '../clients/loopback-host';
import { SIM_TOKEN } from './ledger';
import { MarketSimulator, type SimulatorOptions } from './simulator';

/** The simulator's knobs a host exposes (`--sim-*` flags). */
export interface SimBackendOptions {
  readonly seed?: number;
  readonly speed?: number;
  readonly rate?: number;
  readonly competitors?: number;
  /** Anything else, for tests and benchmarks (a manual clock, a test configuration, …). */
  readonly simulator?: Partial<SimulatorOptions>;
  /** How the host reads the clients' datasets: over loopback libp2p (default), or in process (can repair). */
  readonly content?: 'network' | 'in-process';
  /** Block exchange timings for the network mode (default loopbackExchangeTimings). */
  readonly exchangeTimings?: Partial<ExchangeTimings>;
  /** The network data source's hooks (onBlockProof, onManifest) for the network mode. */
  readonly networkSource?: Omit<CodexSourceOptions, 'staticPeers' | 'findProviders'>;
}

/** The embedded market bundle, plus the simulator itself for tests that script it. */
export interface SimBackend extends MarketBackend {
  readonly kind: 'sim';
  readonly simulator: MarketSimulator;
  readonly devnet: DevnetControl;
  /** The clients' peer and the host's data plane (absent in process). */
  readonly clientPeer?: ClientPeer;
  readonly hostNetwork?: HostNetwork;
}

/**
 * Opens (or reopens) the simulated chain in the data folder and connects the host to it, the slot
 * data coming over libp2p from the clients' peer unless `content: 'in-process'`.
 */
export async function openSimBackend(context: BackendContext, options: SimBackendOptions = {}): Promise<SimBackend> {
  const base = createInProcessSimBackend(context, options);
  if (options.content === 'in-process') return base;
  let clientPeer: ClientPeer | undefined;
  let network: HostNetwork | undefined;
  try {
    clientPeer = await startClientPeer(base.simulator.content, 'the simulated clients');
    network = await startLoopbackHost(clientPeer, {
      dataDir: context.dataDir,
      log: context.logger,
      timings: options.exchangeTimings,
      source: options.networkSource,
    });
  } catch (error) {
    await clientPeer?.stop();
    await base.close();
    throw error;
  }
  const peer = clientPeer;
  const host = network;
  return {
    ...base,
    dataSource: host.dataSource,
    network: { status: () => loopbackNetworkReading(host) },
    clientPeer: peer,
    hostNetwork: host,
    async close() {
      try {
        await host.stop();
        await peer.stop();
      } finally {
        await base.close();
      }
    },
  };
}

/**
 * The embedded market with the clients' datasets read in process: no sockets, and a data source
 * that can repair. For unit tests, benches and repair scenarios; the app opens openSimBackend.
 */
export function createInProcessSimBackend(context: BackendContext, options: SimBackendOptions = {}): SimBackend {
  const sim = new MarketSimulator({
    dbPath: join(context.dataDir, 'market.sqlite'),
    clock: 'realtime',
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.rate !== undefined ? { clientRate: options.rate } : {}),
    ...(options.competitors !== undefined ? { competitors: options.competitors } : {}),
    logger: context.logger,
    hasher: context.hasher,
    ...options.simulator,
  });
  // A devnet clock jump fires the chain's timers one after another: between them it waits for the
  // engine's file I/O too, or chain time would run ahead of an engine still reading a slot.
  const chainIdle = sim.clock.idle;
  sim.clock.idle = () => chainIdle() && !context.engineBusy();
  const wallet: Wallet = {
    address: sim.hostAddress,
    token: async () => SIM_TOKEN,
    balances: async () => ({ token: sim.balanceOf(sim.hostAddress), gas: undefined }),
  };
  return {
    kind: 'sim',
    simulator: sim,
    market: sim.connect(),
    clock: sim.clock,
    dataSource: sim.content,
    proofSystem: new CodexStatementProofSystem({
      repo: context.repo,
      hasher: context.hasher,
      treeStorage: (dataKey) => repoTreeStorage(context.repo, dataKey),
      slotRoots: (requestId) => sim.content.slotRoots(requestId),
    }),
    wallet,
    devnet: simDevnet(sim),
    async close() {
      sim.close();
    },
  };
}

function simDevnet(sim: MarketSimulator): DevnetControl {
  return {
    now: () => sim.now(),
    advance: (seconds) => sim.advance(seconds),
    postRequest: ({ ask, expiry }) => sim.postRequest({ ask, expiry }),
    request: async (requestId) => {
      const summary = sim.requestSummary(requestId);
      if (summary === undefined) return undefined;
      return {
        state: summary.state,
        slots: summary.slots.map((s) => ({
          slotIndex: s.slotIndex,
          state: s.state,
          host: s.host ?? '0x' + '0'.repeat(40),
        })),
      };
    },
  };
}
