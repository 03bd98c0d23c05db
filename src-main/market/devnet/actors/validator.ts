// The devnet's validator (nim-codex validation.nim): it follows SlotFilled, and one second after
// each period ends it marks the previous period's missing proof of every slot still filled, inside
// the timeout window, collecting the reward. It checks at once after the period (trap 7 of the ABI
// notes: the contract re-evaluates the requirement at the marking block, so the devnet keeps the
// blocks between a host's check and the validator's few).
import { periodEnd, periodOf, type SlotId } from '../../../engine/index';
import type { Actor } from './actor';

/** The validator actor. */
export class DevnetValidator {
  readonly #slots = new Set<SlotId>();
  #scheduled = false;
  #stopped = false;
  /** Proofs marked missing so far. */
  marked = 0;

  constructor(
    private readonly actor: Actor,
    private readonly period: number,
  ) {}

  get address(): string {
    return this.actor.address;
  }

  start(): void {
    this.actor.market.subscribe('SlotFilled', ({ requestId, slotIndex }) => {
      this.#slots.add(this.actor.market.slotId(requestId, slotIndex));
      this.#schedule();
    });
  }

  stop(): void {
    this.#stopped = true;
  }

  #schedule(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    const at = periodEnd(periodOf(this.actor.now(), this.period), this.period) + 1;
    this.actor.at(at, async () => {
      this.#scheduled = false;
      try {
        await this.validate();
      } finally {
        if (this.#slots.size > 0) this.#schedule();
      }
    });
  }

  /** Marks every markable missing proof of the previous period. */
  async validate(): Promise<void> {
    const market = this.actor.market;
    const previous = periodOf(this.actor.now(), this.period) - 1;
    for (const slotId of [...this.#slots]) {
      const state = await market.slotState(slotId);
      if (state !== 'Filled') {
        // A freed slot may be filled again (SlotFilled adds it back); any other state is final.
        if (state !== 'Repair') this.#slots.delete(slotId);
        continue;
      }
      if (!(await market.canMarkProofAsMissing(slotId, previous))) continue;
      await this.actor.act(async () => {
        await market.markProofAsMissing(slotId, previous);
        this.marked++;
      });
    }
  }
}
