// Competitor hosts of the devnet: other providers on the same Marketplace, each its own account.
// They reserve slots of new and freed requests, fill some after a download-like delay, prove every
// period a proof is due, collect their payouts, and (when a scenario asks) skip proofs or walk away
// from a slot. Their proofs come from a CompetitorProver: the devnet's verifier decides what that
// must be (see proof-setup.ts).
import { periodEnd, periodOf, type RequestId, type SlotId } from '../../../engine/index';
import { slotIdOf } from '../../ids';
import type { Groth16ChainProof } from '../../chain/proof';
import type { Rng } from '../../sim/rng';
import type { Actor } from './actor';

/** Makes a competitor's proof for a slot and a challenge. */
export type CompetitorProver = (slot: {
  readonly requestId: RequestId;
  readonly slotIndex: bigint;
  readonly challenge: string;
}) => Promise<Groth16ChainProof>;

/** How competitors behave; chances per competitor per slot. */
export interface DevnetCompetitorBehaviour {
  readonly reserveChance: number;
  readonly fillChance: number;
}

/** A market with some bite where a diligent host still wins slots. */
export const defaultDevnetCompetitorBehaviour: DevnetCompetitorBehaviour = { reserveChance: 0.3, fillChance: 0.6 };

/** The competing hosts. */
export class DevnetCompetitors {
  /** Slots whose competitor leaves its proofs out (a scenario's "host misses proofs"). */
  readonly skipping = new Set<SlotId>();
  readonly #ticking = new Set<Actor>();
  #stopped = false;

  constructor(
    readonly actors: readonly Actor[],
    private readonly prover: CompetitorProver,
    private readonly rng: Rng,
    private readonly period: number,
    private readonly behaviour: DevnetCompetitorBehaviour = defaultDevnetCompetitorBehaviour,
  ) {}

  start(): void {
    const first = this.actors[0];
    if (!first) return;
    first.market.subscribe('StorageRequested', ({ requestId, ask }) => {
      for (let i = 0n; i < ask.slots; i++) this.#consider(requestId, i, ask.slotSize);
    });
    first.market.subscribe('SlotFreed', ({ requestId, slotIndex }) => this.#consider(requestId, slotIndex, 0n));
    for (const actor of this.actors) {
      actor.market.subscribe('SlotFilled', () => this.#tick(actor));
      this.#tick(actor);
    }
  }

  stop(): void {
    this.#stopped = true;
  }

  /** Competitor `index` reserves (when it can) and fills the slot now; rejects with the contract's error. */
  async fill(index: number, requestId: RequestId, slotIndex: bigint): Promise<void> {
    const actor = this.actors[index];
    if (!actor) throw new Error(`there is no devnet competitor ${index}`);
    await actor.act(async () => {
      if (await actor.market.canReserveSlot(requestId, slotIndex)) await actor.market.reserveSlot(requestId, slotIndex);
    });
    const proof = await this.#proofFor(actor, requestId, slotIndex);
    const collateral = await actor.market.slotCollateral(requestId, slotIndex);
    await actor.market.fillSlot(requestId, slotIndex, proof, collateral);
    this.#tick(actor);
  }

  /** The competitor holding `slotId` frees it while it is filled (walks away). */
  async abandon(slotId: SlotId): Promise<void> {
    for (const actor of this.actors) {
      if ((await actor.market.mySlots()).includes(slotId)) {
        await actor.market.freeSlot(slotId);
        return;
      }
    }
    throw new Error(`no devnet competitor holds slot ${slotId}`);
  }

  #consider(requestId: RequestId, slotIndex: bigint, slotSize: bigint): void {
    for (const actor of this.actors) {
      if (!this.rng.chance(this.behaviour.reserveChance)) continue;
      const fills = this.rng.chance(this.behaviour.fillChance);
      const download = Math.max(5, Number(slotSize / (256n * 1024n)) * this.rng.int(2, 10));
      actor.at(actor.now() + this.rng.int(1, 30), async () => {
        if (!(await actor.market.canReserveSlot(requestId, slotIndex))) return;
        await actor.market.reserveSlot(requestId, slotIndex);
        if (!fills) return;
        actor.at(actor.now() + download, async () => {
          const state = await actor.market.slotState(slotIdOf(requestId, slotIndex));
          if (state !== 'Free' && state !== 'Repair') return;
          const proof = await this.#proofFor(actor, requestId, slotIndex);
          await actor.market.fillSlot(
            requestId,
            slotIndex,
            proof,
            await actor.market.slotCollateral(requestId, slotIndex),
          );
          this.#tick(actor);
        });
      });
    }
  }

  /** Once per period while it holds slots: prove what is due, collect what ended. */
  #tick(actor: Actor): void {
    if (this.#ticking.has(actor) || this.#stopped) return;
    this.#ticking.add(actor);
    const next = periodEnd(periodOf(actor.now(), this.period), this.period) + 1;
    actor.at(next, async () => {
      this.#ticking.delete(actor);
      let more = true;
      try {
        const held = await actor.market.mySlots();
        more = held.length > 0;
        for (const slotId of held) await this.#act(actor, slotId);
      } finally {
        // A failed read (the chain did not answer) tries again next period.
        if (more) this.#tick(actor);
      }
    });
  }

  async #act(actor: Actor, slotId: SlotId): Promise<void> {
    const state = await actor.market.slotState(slotId);
    if (state === 'Finished' || state === 'Cancelled' || state === 'Failed') {
      await actor.act(() => actor.market.freeSlot(slotId));
    } else if (state === 'Filled' && !this.skipping.has(slotId)) {
      const due = (await actor.market.isProofRequired(slotId)) || (await actor.market.willProofBeRequired(slotId));
      if (!due) return;
      const slot = await actor.market.getActiveSlot(slotId);
      if (!slot) return;
      const proof = await this.#proofFor(actor, actor.market.requestId(slot.request), slot.slotIndex);
      await actor.act(() => actor.market.submitProof(slotId, proof));
    }
  }

  async #proofFor(actor: Actor, requestId: RequestId, slotIndex: bigint): Promise<Groth16ChainProof> {
    const challenge = await actor.market.getChallenge(slotIdOf(requestId, slotIndex));
    return this.prover({ requestId, slotIndex, challenge });
  }
}
