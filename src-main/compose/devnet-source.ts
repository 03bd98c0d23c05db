// A scriptable market behind /api/devnet/v1: post requests from simulated clients, move the chain
// clock, read a request's slots and this host's balance.
import type { DevnetRequestInput, DevnetSource } from '../api/rest/devnet';
import type { Wallet } from '../engine/index';
import type { DevnetControl } from '../market/index';

/** Adapts a market's devnet control and the host's wallet to the devnet api. */
export function devnetSource(devnet: DevnetControl, wallet: Wallet): DevnetSource {
  return {
    now: () => devnet.now(),
    advance: (seconds) => devnet.advance(seconds),
    postRequest: (input: DevnetRequestInput) =>
      devnet.postRequest({
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
      const view = await devnet.request(id);
      return view && { state: view.state, slots: view.slots.map((s) => ({ ...s })) };
    },
    host: async () => ({ address: wallet.address, balance: (await wallet.balances()).token }),
  };
}
