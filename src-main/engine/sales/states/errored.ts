// SaleErrored (docs/reference/sales.md §3.2): the sale ended in an error. Log it with the sale's context,
// tell the operator (unless the error only restates an outcome already told: a failed request, a
// slot someone else filled) and clean up. Terminal: it never moves on, and never throws.
import { raiseDataFolderUnwritable } from '../../alerts/health-alerts';
import { raiseSaleErrored } from '../../alerts/sale-alerts';
import { isStorageFault } from '../../errors';
import type { Sale } from '../sale';
import { errorMessage, SaleError } from '../errors';
import type { SaleFacts } from '../sale-recorder';
import { SaleState } from '../state';

/** Error codes whose outcome the operator already heard about, or that are no fault of the host. */
const quietCodes: ReadonlySet<string> = new Set(['sale-failed', 'host-mismatch']);
/** Codes whose alert was raised where they happened: a slot taken away is its proofs-missed alert. */
const toldCodes: ReadonlySet<string> = new Set(['slot-freed']);

/** The end of a sale that went wrong. */
export class SaleErrored extends SaleState {
  readonly name = 'SaleErrored';

  constructor(
    /** What went wrong. */
    readonly error: unknown,
    /** Push the slot back to the queue (seen). */
    readonly reprocessSlot = false,
  ) {
    super();
  }

  override get note(): string {
    return errorMessage(this.error);
  }

  override get facts(): SaleFacts {
    return { error: errorMessage(this.error) };
  }

  async run(agent: Sale): Promise<SaleState | undefined> {
    const { logger, onClear } = agent.context;
    const { slotId, requestId, slotIndex } = agent.data;
    try {
      const quiet = this.error instanceof SaleError && quietCodes.has(this.error.code);
      if (quiet) logger.info('sale ended', { slotId, requestId, slotIndex, reason: errorMessage(this.error) });
      else logger.error('sale errored', { slotId, requestId, slotIndex, error: errorMessage(this.error) });
      if (!quiet) agent.record.outcome('sale-errored', { reason: errorMessage(this.error) });
      const told = this.error instanceof SaleError && toldCodes.has(this.error.code);
      if (!quiet && !told) raiseSaleErrored(agent.context.alerter, { slotId, requestId, slotIndex, error: this.error });
      // A full or unwritable disk is the operator's to fix, whichever sale hit it first.
      if (isStorageFault(this.error)) {
        agent.context.onStorageFault?.(this.error);
        const path = (this.error.cause as { path?: unknown } | undefined)?.path;
        raiseDataFolderUnwritable(agent.context.alerter, {
          what: 'slot data',
          path: typeof path === 'string' ? path : 'the data folder',
          error: this.error,
        });
      }
      const slot = agent.slot;
      if (slot !== undefined) onClear?.(slot);
      await agent.onCleanUp(this.reprocessSlot);
    } catch (error) {
      logger.error('clean-up after an errored sale failed', { slotId, error: errorMessage(error) });
    }
    return undefined;
  }
}
