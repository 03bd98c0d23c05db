// SaleFinished (docs/reference/sales.md §3.2): paid and done. Clean up: the bytes go back to the availability
// and so does the collateral the chain returned.
import type { Sale } from '../sale';
import type { SaleFacts } from '../sale-recorder';
import { SaleState } from '../state';
import { SaleCancelled } from './cancelled';
import { SaleFailed } from './failed';

/** The end of a sale that paid out. */
export class SaleFinished extends SaleState {
  readonly name = 'SaleFinished';

  constructor(
    /** Collateral the chain gave back, credited to the availability. */
    readonly returnedCollateral?: bigint,
  ) {
    super();
  }

  override get facts(): SaleFacts | undefined {
    // Also for a sale restored already paid: its summary learns what came back.
    return this.returnedCollateral === undefined ? undefined : { collateralReturned: this.returnedCollateral };
  }

  override onCancelled(): SaleState {
    return new SaleCancelled();
  }

  override onFailed(): SaleState {
    return new SaleFailed();
  }

  async run(agent: Sale): Promise<SaleState | undefined> {
    const slot = agent.slot;
    if (slot !== undefined) agent.context.onClear?.(slot);
    await agent.onCleanUp(false, this.returnedCollateral);
    return undefined;
  }
}
