// The simulator behind /api/devnet/v1: post requests from simulated clients, move the chain clock,
// read a request's slots and this host's balance.
import type { DevnetRequestInput, DevnetSource } from '../api/rest/devnet';
import type { MarketSimulator } from '../market/index';

/** Adapts the simulator to the devnet api. */
export function devnetSource(sim: MarketSimulator): DevnetSource {
  return {
    now: () => sim.now(),
    advance: (seconds) => sim.advance(seconds),
    postRequest: (input: DevnetRequestInput) =>
      sim.postRequest({
        ask: {
          slots: input.slots,
          slotSize: input.slotSize,
          duration: input.duration,
          pricePerBytePerSecond: input.pricePerBytePerSecond,
          collateralPerByte: input.collateralPerByte,
          proofProbability: input.proofProbability,
          maxSlotLoss: input.maxSlotLoss,
        },
        expiry: input.expiry,
      }),
    request: async (id) => {
      const summary = sim.requestSummary(id);
      if (!summary) return undefined;
      return {
        state: summary.state,
        slots: summary.slots.map((s) => ({
          slotIndex: s.slotIndex,
          state: s.state,
          host: s.host ?? '0x' + '0'.repeat(40),
        })),
      };
    },
    host: async () => sim.hostAccount(),
  };
}
