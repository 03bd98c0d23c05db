// SaleInitialProving (docs/reference/sales.md §3.2, §6.4): fillSlot must carry a proof for the period it lands
// in, so wait for a stable challenge first: the start of the next period, and then whole periods
// more while the slot's pointer is about to wrap into the downtime window (the challenge would
// change under us). Then prove from the stored bytes.
import type { Sale } from '../sale';
import { periodEnd, periodOf } from '../chain-math';
import { requireSlot, SaleState } from '../state';
import { SaleCancelled } from './cancelled';
import { SaleFailed } from './failed';
import { SaleFilling } from './filling';

/** Pointer positions per period cycle (the contract's uint8 pointer). */
const POINTER_RANGE = 256;

/** Computes the proof that goes with fillSlot. */
export class SaleInitialProving extends SaleState {
  readonly name = 'SaleInitialProving';

  override onCancelled(): SaleState {
    return new SaleCancelled();
  }

  override onFailed(): SaleState {
    return new SaleFailed();
  }

  async run(agent: Sale, signal: AbortSignal): Promise<SaleState | undefined> {
    const slot = requireSlot(agent, this.name);
    const { market, clock, timings, onProve } = agent.context;
    const period = (await market.periodicity()).seconds;
    const downtime = await market.proofDowntime();
    const nextPeriod = () =>
      clock.waitUntil(periodEnd(periodOf(clock.now(), period), period) + timings.periodGraceSeconds, signal);

    await nextPeriod();
    while ((await market.getPointer(slot.slotId)) > POINTER_RANGE - downtime) {
      signal.throwIfAborted();
      await nextPeriod();
    }
    const challenge = await market.getChallenge(slot.slotId);
    signal.throwIfAborted();
    const proof = await onProve({ ...slot, reservation: agent.data.reservation }, challenge, signal);
    return new SaleFilling(proof);
  }
}
