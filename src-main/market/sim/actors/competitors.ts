// Competitor hosts: other providers on the same market. They reserve slots of new and freed
// requests, fill some after a download-like delay and abandon others, prove (or, when sloppy, skip
// proofs so the validator slashes them), occasionally walk away from a filled slot, and collect
// their payouts. Every competitor address proves, including those scenario helpers script by hand.
// Their proofs are the simulator's own (TRUSTED_PROOF): they stand for honest hosts.
import { type Address, isMarketError, type RequestId, type SlotId } from '../../../engine/index';
import { slotIdOf } from '../../ids';
import { TRUSTED_PROOF } from '../contract';
import { periodEnd } from '../proving';
import type { Rng } from '../rng';
import type { ActorWorld } from './world';

/** How competitors behave; probabilities per competitor per slot (per period for the last two). */
export interface CompetitorBehaviour {
  reserveChance: number;
  fillChance: number;
  skipProofChance: number;
  abandonChance: number;
}

/** A market with some bite, but where a diligent newcomer still wins slots. */
export const defaultCompetitorBehaviour: CompetitorBehaviour = {
  reserveChance: 0.3,
  fillChance: 0.6,
  skipProofChance: 0.02,
  abandonChance: 0.0005,
};

/** The competing hosts. */
export class SimCompetitors {
  readonly addresses: Address[];
  private readonly timers = new Set<() => void>();
  private ticking = false;

  constructor(
    private readonly sim: ActorWorld,
    private readonly rng: Rng,
    count: number,
    private readonly behaviour: CompetitorBehaviour = defaultCompetitorBehaviour,
  ) {
    this.addresses = Array.from({ length: count }, (_, i) => sim.actor('competitor', i));
  }

  /** Start reacting to the market, and resume proving slots held before a restart. */
  start(): void {
    this.sim.events.subscribe('SlotFilled', () => this.startTicking());
    this.startTicking();
    this.sim.onClose(() => this.stop());
    if (this.addresses.length === 0) return;
    this.sim.events.subscribe('StorageRequested', ({ requestId, ask }) => {
      for (let i = 0n; i < ask.slots; i++) this.consider(requestId, i, false);
    });
    this.sim.events.subscribe('SlotFreed', ({ requestId, slotIndex }) => this.consider(requestId, slotIndex, true));
  }

  private consider(requestId: RequestId, slotIndex: bigint, repair: boolean): void {
    for (const host of this.addresses) {
      if (!this.rng.chance(this.behaviour.reserveChance)) continue;
      const fills = this.rng.chance(this.behaviour.fillChance);
      const r = this.sim.state.requests.get(requestId);
      const download = Math.max(5, Number((r?.request.ask.slotSize ?? 0n) / (256n * 1024n)) * this.rng.int(2, 10));
      this.after(this.rng.int(1, 30), () => {
        if (!this.sim.contract.canReserveSlot(host, requestId, slotIndex)) return;
        this.attempt(() => this.sim.contract.reserveSlot(host, requestId, slotIndex));
        if (fills)
          this.after(download + (repair ? this.rng.int(0, 60) : 0), () => this.fill(host, requestId, slotIndex));
      });
    }
  }

  private fill(host: Address, requestId: RequestId, slotIndex: bigint): void {
    const state = this.sim.contract.slotState(slotIdOf(requestId, slotIndex));
    if (state !== 'Free' && state !== 'Repair') return;
    const collateral = this.sim.contract.slotCollateral(requestId, slotIndex);
    this.sim.mint(host, collateral);
    const market = this.sim.connect(host);
    market.fillSlot(requestId, slotIndex, TRUSTED_PROOF, collateral).catch((error) => this.lostRace(error));
  }

  private startTicking(): void {
    if (this.ticking) return;
    this.ticking = true;
    const period = this.sim.config.proofs.period;
    this.after(periodEnd(this.sim.contract.currentPeriod(), period) + 1 - this.sim.now(), () => {
      this.ticking = false;
      if (this.tick() > 0) this.startTicking();
    });
  }

  /** Once per period: prove, skip, abandon or collect, for every slot any competitor address holds. */
  private tick(): number {
    let held = 0;
    for (const host of this.sim.competitorAddresses) {
      for (const slotId of this.sim.contract.mySlots(host)) {
        held++;
        this.act(host, slotId);
      }
    }
    return held;
  }

  private act(host: Address, slotId: SlotId): void {
    const c = this.sim.contract;
    const state = c.slotState(slotId);
    if (state === 'Finished' || state === 'Cancelled' || state === 'Failed') {
      this.attempt(() => c.freeSlot(host, slotId));
    } else if (state === 'Filled') {
      if (this.rng.chance(this.behaviour.abandonChance)) this.attempt(() => c.freeSlot(host, slotId));
      else if (this.sim.skippingProofs.has(`${slotId}:${c.currentPeriod()}`)) return;
      else if (
        (c.isProofRequired(slotId) || c.willProofBeRequired(slotId)) &&
        !this.rng.chance(this.behaviour.skipProofChance)
      ) {
        this.attempt(() => c.submitProof(host, slotId, TRUSTED_PROOF));
      }
    }
  }

  private after(seconds: number, fn: () => void): void {
    const cancel = this.sim.clock.schedule(this.sim.now() + Math.max(1, seconds), () => {
      this.timers.delete(cancel);
      fn();
    });
    this.timers.add(cancel);
  }

  private attempt(tx: () => void): void {
    try {
      tx();
    } catch (error) {
      this.lostRace(error);
    }
  }

  private lostRace(error: unknown): void {
    // Reverts are a competitor's everyday life (someone was faster); anything else is a bug.
    if (!isMarketError(error)) throw error;
    this.sim.logger.debug('competitor transaction reverted', { code: error.code });
  }

  private stop(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }
}
