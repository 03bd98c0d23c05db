// The gas the host's next proofs need, for the low-gas alert (compose/alert-watch.ts): per slot the
// host holds, the proof periods left in the next day divided by its proof probability, priced with
// the wallet's per-proof gas at today's fee.
import type { ProofGasOutlook, Wallet } from '../../engine/index';
import type { ChainSession } from './session';

/** One day of chain time: how far ahead proofs count as due. */
export const PROOF_GAS_HORIZON_SECONDS = 86_400;

/** Proofs the host's slots owe in the next `horizon` seconds. */
export async function proofsDue(session: ChainSession, horizon: number): Promise<number> {
  const { market, clock, config } = session;
  const now = clock.now();
  let due = 0;
  for (const slotId of await market.mySlots()) {
    const slot = await market.getActiveSlot(slotId);
    if (!slot) continue;
    const end = await market.getRequestEnd(market.requestId(slot.request));
    const seconds = Math.max(0, Math.min(horizon, end - now));
    const periods = Math.ceil(seconds / config.proofs.period);
    const probability = slot.request.ask.proofProbability > 0n ? slot.request.ask.proofProbability : 1n;
    due += Math.ceil(periods / Number(probability));
  }
  return due;
}

/** The session's wallet with gasForNextProofs; at least one proof counts, so an empty wallet warns before the first sale. */
export function walletWithProofGas(session: ChainSession): Wallet {
  const wallet = session.wallet;
  return {
    address: wallet.address,
    token: () => wallet.token(),
    balances: () => wallet.balances(),
    async gasForNextProofs(): Promise<ProofGasOutlook> {
      const due = Math.max(1, await proofsDue(session, PROOF_GAS_HORIZON_SECONDS));
      const outlook = await wallet.gasForProofs(due);
      return { proofsDue: due, needed: outlook.perProof * BigInt(due) };
    },
  };
}
