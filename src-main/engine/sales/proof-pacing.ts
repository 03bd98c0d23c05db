// Whether proofs keep up with the chain's proof periods. A proof is only good for the challenge of
// the period it is submitted in; one that is ready after its period ended (or after the slot's
// challenge moved on) would revert, so it is not sent: it is counted late and the operator is told
// at once that the host cannot keep up (an alert, one per condition, repeated with a count). The
// alert clears once a whole period passes with every proof on time.
import type { Alerter } from '../ports/alerter';
import type { Logger } from '../ports/logger';
import type { Period, SlotId } from '../ports/market';
import type { ProofPurpose } from '../ports/proof-system';

/** The alert's key: one condition, however many slots it hits. */
export const PROOFS_LATE_ALERT = 'proofs-late';

/** Counts proofs on time and late, and raises or clears the "proofs not keeping up" alert. */
export class ProofPacing {
  private lateCount = 0;
  private onTimeCount = 0;
  private lastLatePeriod: Period | undefined;

  constructor(
    private readonly alerter: Alerter,
    private readonly logger: Logger,
  ) {}

  /** Proofs ready too late to be sent since start. */
  get late(): number {
    return this.lateCount;
  }

  /** Proofs built in time since start. */
  get onTime(): number {
    return this.onTimeCount;
  }

  /** A proof for `period` was ready too late (or its slot's challenge kept moving) and was not sent. */
  proofLate(slotId: SlotId, period: Period, purpose: ProofPurpose): void {
    this.lateCount++;
    this.lastLatePeriod = period;
    this.logger.warn('proof not ready within its period; not submitted', { slotId, period, purpose });
    const what = purpose === 'held' ? 'a slot this host holds' : 'a slot it was about to fill';
    this.alerter.raise({
      key: PROOFS_LATE_ALERT,
      category: 'proofs',
      severity: purpose === 'held' ? 'error' : 'warning',
      message:
        `Proofs are not keeping up with the proof period: the proof for ${what} was ready only after its ` +
        'period ended, so it was not sent (the chain would refuse it) and the validator may slash that slot. ' +
        'The host needs more CPU or a faster disk, or fewer slots at once.',
      data: { slotId, period, late: this.lateCount },
    });
  }

  /** A proof for `period` was built in time. */
  proofOnTime(period: Period): void {
    this.onTimeCount++;
    if (this.lastLatePeriod !== undefined && period > this.lastLatePeriod + 1) {
      this.lastLatePeriod = undefined;
      this.alerter.resolve(PROOFS_LATE_ALERT);
    }
  }
}
