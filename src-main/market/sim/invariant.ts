// The solvency invariant: the contract's token balance covers everything it still owes to clients
// (refunds) and hosts (payouts and collateral), using the contract's own formulas.
import { deriveRequestState, maxPrice, pricePerSlotPerSecond } from './derive';
import type { Ledger } from './ledger';
import { type ChainState, MARKETPLACE_ADDRESS } from './state';

/** The contract's balance next to what it owes. */
export interface Solvency {
  balance: bigint;
  obligations: bigint;
  ok: boolean;
}

/** Sum every outstanding obligation at time `now`. */
export function solvency(state: ChainState, ledger: Ledger, now: number): Solvency {
  let owed = 0n;
  for (const r of state.requests.values()) {
    const derived = deriveRequestState(r, now);
    if (r.fundsToReturnToClient > 0n) {
      if (derived === 'Failed') owed += maxPrice(r);
      else if (derived === 'Cancelled' && r.state !== 'Cancelled') {
        owed += r.fundsToReturnToClient + r.slotsFilled * BigInt(r.endsAt - r.expiresAt) * pricePerSlotPerSecond(r);
      } else owed += r.fundsToReturnToClient;
    }
  }
  for (const slot of state.slots.values()) {
    if (slot.state !== 'Filled') continue;
    const r = state.requests.get(slot.requestId)!;
    const derived = deriveRequestState(r, now);
    if (derived === 'Failed') continue;
    const until = derived === 'Cancelled' ? r.expiresAt : r.endsAt;
    owed += BigInt(until - slot.filledAt) * pricePerSlotPerSecond(r) + slot.currentCollateral;
  }
  const balance = ledger.balanceOf(MARKETPLACE_ADDRESS);
  return { balance, obligations: owed, ok: balance >= owed };
}
