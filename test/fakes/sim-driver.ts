// The scenario driver on the simulated market: the sales harness (quiet simulator, manual clock,
// real storage) with the simulator's own hooks for competitors and failing proofs.
import { rmSync } from 'node:fs';
import type { StorageAsk } from '../../src-main/engine/index';
import { testConfig } from '../../src-main/market/sim/config';
import type { ScenarioDriver } from './scenario-driver';
import { postRequest, reserveAndFill } from './sim-scenarios';
import { startHarness, type Harness } from './sales-harness';

/** The simulator's ask defaults, in Codex's slot layout (one 64 KiB block per slot). */
export const scenarioAsk: StorageAsk = {
  proofProbability: 1n,
  pricePerBytePerSecond: 1n,
  collateralPerByte: 2n,
  slots: 2n,
  slotSize: 65_536n,
  duration: 400n,
  maxSlotLoss: 1n,
};

/** Half the duration, at most 300 s: the contract wants expiry < duration. */
export function defaultExpiry(ask: Partial<StorageAsk>): bigint {
  const half = (ask.duration ?? scenarioAsk.duration) / 2n;
  return half < 300n ? half : 300n;
}

/** A scenario driver over a fresh quiet simulator. */
export async function simDriver(): Promise<ScenarioDriver> {
  let h: Harness = await startHarness();
  const folder = h.dataDir;
  let competitors = 0;
  const market = () => h.sim.connect();
  const advance = (seconds: number) => h.advance(seconds);
  return {
    market: 'sim',
    config: testConfig,
    get sales() {
      return h.sales;
    },
    get storage() {
      return h.storage;
    },
    get events() {
      return h.events;
    },
    hostAddress: h.sim.hostAddress,
    validatorAddress: h.sim.validator!.address,
    now: () => h.sim.now(),
    advance,
    async until(predicate, limit, what) {
      const start = h.sim.now();
      await h.settle();
      while (!(await predicate())) {
        if (h.sim.now() - start > limit) throw new Error(`${what} not reached within ${limit} chain seconds`);
        await advance(1);
      }
    },
    post: (ask, expiry = defaultExpiry(ask)) => postRequest(h.sim, { ...scenarioAsk, ...ask }, expiry),
    slotId: (requestId, slotIndex) => market().slotId(requestId, slotIndex),
    requestState: (requestId) => market().requestState(requestId),
    slotState: (slotId) => market().slotState(slotId),
    host: (requestId, slotIndex) => market().getHost(requestId, slotIndex),
    requestEnd: (requestId) => market().getRequestEnd(requestId),
    missingProofs: (slotId) => market().missingProofs(slotId),
    requestExpiry: (requestId) => market().requestExpiresAt(requestId),
    async competitorFills(requestId, slotIndex) {
      await reserveAndFill(h.sim, h.sim.actor('competitor', competitors++), requestId, slotIndex);
      await h.settle();
    },
    async competitorAbandons(slotId) {
      await h.sim.connect(h.sim.contract.getHost(slotId)).freeSlot(slotId);
      await h.settle();
    },
    hostProofsFail(slotId, failing) {
      if (failing) h.sim.contract.hooks.invalidSlots.add(slotId);
      else h.sim.contract.hooks.invalidSlots.delete(slotId);
    },
    hostMissesNextProof() {
      // The verifier's fail-every-n hook with n large fails exactly the host's next proof.
      h.sim.contract.hooks.failEveryN.set(h.sim.hostAddress, { n: 1_000_000, count: 1_000_000 - 1 });
    },
    contentUnavailable: (requestId) => void h.sim.content.unavailable.add(requestId),
    tokenBalance: async (address) => h.sim.balanceOf(address),
    filledAt: async (requestId) =>
      new Map(
        h.sim
          .history('SlotFilled', { fromBlock: 0 })
          .filter((e) => e.requestId === requestId)
          .map((e) => [e.slotIndex, e.timestamp] as const),
      ),
    async restartHost() {
      const dataDir = h.dataDir;
      await h.dispose({ keep: true });
      h = await startHarness({ dataDir });
    },
    async dispose() {
      await h.dispose();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
