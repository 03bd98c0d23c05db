// The simulated validator (nim-codex validation.nim): one period after another, it tries to mark the
// previous period's missing proof of every filled slot, inside the timeout window, and collects the
// reward. It also forgets proof marks too old to matter, so the chain's memory stays bounded.
import { type Address, isMarketError } from '../../../engine/index';
import { periodEnd } from '../proving';
import type { ActorWorld } from './world';

/** The validator actor. */
export class SimValidator {
  readonly address: Address;
  private cancel: (() => void) | undefined;

  constructor(private readonly sim: ActorWorld) {
    this.address = sim.actor('validator');
  }

  /** Start marking; sleeps while no slot is filled and wakes on SlotFilled. */
  start(): void {
    this.sim.events.subscribe('SlotFilled', () => this.schedule());
    this.schedule();
    this.sim.onClose(() => this.cancel?.());
  }

  private schedule(): void {
    if (this.cancel) return;
    const at = periodEnd(this.sim.contract.currentPeriod(), this.sim.config.proofs.period) + 1;
    this.cancel = this.sim.clock.schedule(at, () => {
      this.cancel = undefined;
      if (this.validate() > 0) this.schedule();
    });
  }

  /** Mark every markable missing proof of the previous period; returns how many slots it watched. */
  validate(): number {
    const c = this.sim.contract;
    const previous = c.currentPeriod() - 1;
    let watched = 0;
    for (const slots of [...this.sim.state.mySlots.values()]) {
      for (const slotId of [...slots]) {
        if (c.slotState(slotId) !== 'Filled') continue;
        watched++;
        try {
          c.checkCanMarkProofAsMissing(slotId, previous);
        } catch {
          continue; // the contract's convention: a revert means "cannot mark", nothing more
        }
        try {
          c.markProofAsMissing(this.address, slotId, previous);
        } catch (error) {
          if (!isMarketError(error)) throw error;
          this.sim.logger.warn('validator could not mark a missing proof', { slotId, code: error.code });
        }
      }
    }
    const { period, timeout } = this.sim.config.proofs;
    this.prune(previous - 1 - Math.ceil(timeout / period));
    return watched;
  }

  private prune(before: number): void {
    for (const [slotId, marks] of this.sim.state.proofs) {
      for (const period of marks.keys()) {
        if (period >= before) continue;
        marks.delete(period);
        this.sim.state.touch('proof', `${slotId}:${period}`);
      }
      if (marks.size === 0) this.sim.state.proofs.delete(slotId);
    }
  }
}
