// SaleIgnored (docs/reference/sales.md §3.2): we did not take the slot. The reason is kept for the operator;
// the bytes and collateral of any reservation go back (Codex leaked the collateral unless
// `returnsCollateral`), and a slot that found no room is re-queued as seen.
import type { IgnoredReason } from '../../ports/history';
import type { Sale } from '../sale';
import { collateralPerSlot } from '../chain-math';
import type { SaleFacts } from '../sale-recorder';
import { SaleState } from '../state';

/** How a slot came to be ignored. */
export interface IgnoredInit {
  /** Push the slot back to the queue (seen), to retry once an availability gains room. */
  readonly reprocessSlot: boolean;
  /** Codex's flag: the reservation's collateral goes back to the availability. */
  readonly returnsCollateral?: boolean;
  readonly reason: IgnoredReason;
}

/** The end of a sale we did not take. */
export class SaleIgnored extends SaleState {
  readonly name = 'SaleIgnored';
  readonly reprocessSlot: boolean;
  readonly returnsCollateral: boolean;
  readonly reason: IgnoredReason;

  constructor(init: IgnoredInit) {
    super();
    this.reprocessSlot = init.reprocessSlot;
    this.returnsCollateral = init.returnsCollateral ?? false;
    this.reason = init.reason;
  }

  override get note(): string {
    return this.reason;
  }

  override get facts(): SaleFacts {
    return { ignoredReason: this.reason };
  }

  async run(agent: Sale): Promise<SaleState | undefined> {
    const request = agent.data.request;
    const returned = this.returnsCollateral && request !== undefined ? collateralPerSlot(request) : undefined;
    await agent.onCleanUp(this.reprocessSlot, returned);
    return undefined;
  }
}
