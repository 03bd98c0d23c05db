// The embedded simulated market as a MarketBackend (market/backend.ts): its chain clock, the
// host's Market, the simulated clients' content served in process, the proof scheme its verifier
// checks, the host's wallet on its ledger, and devnet control (post requests, move time).
import { join } from 'node:path';
import type { Wallet } from '../../engine/index';
import { Sha256MerkleProofSystem } from '../../proofs/sha256-merkle/index';
import type { BackendContext, DevnetControl, MarketBackend } from '../backend';
import { SIM_TOKEN } from './ledger';
import { MarketSimulator, type SimulatorOptions } from './simulator';

/** The simulator's knobs a host exposes (`--sim-*` flags). */
export interface SimBackendOptions {
  readonly seed?: number;
  readonly speed?: number;
  readonly rate?: number;
  readonly competitors?: number;
  /** Anything else, for tests and benchmarks (a manual clock, a test configuration, …). */
  readonly simulator?: SimulatorOptions;
}

/** The embedded market bundle, plus the simulator itself for tests that script it. */
export interface SimBackend extends MarketBackend {
  readonly kind: 'sim';
  readonly simulator: MarketSimulator;
  readonly devnet: DevnetControl;
}

/** Opens (or reopens) the simulated chain in the data folder and connects the host to it. */
export function createSimBackend(context: BackendContext, options: SimBackendOptions = {}): SimBackend {
  const sim = new MarketSimulator({
    dbPath: join(context.dataDir, 'market.sqlite'),
    clock: 'realtime',
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.rate !== undefined ? { clientRate: options.rate } : {}),
    ...(options.competitors !== undefined ? { competitors: options.competitors } : {}),
    logger: context.logger,
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
    proofSystem: new Sha256MerkleProofSystem({
      repo: context.repo,
      params: sim.contract.proofParams,
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
