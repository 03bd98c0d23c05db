// The operator's words for the engine's names: sale states, why a slot was skipped, outcome kinds.
import type { IgnoredReason, OutcomeKind, SaleStateName, SellingStatus } from '../../src-main/api/dto';

/** How a state reads as a badge: still working, earning, ended well, ended badly, or set aside. */
export type Tone = 'busy' | 'ok' | 'done' | 'bad' | 'muted';

/** Which part of a slot's life a state belongs to. */
export type SlotPhase = 'starting' | 'hosting' | 'ended' | 'skipped';

interface StateInfo {
  label: string;
  tone: Tone;
  phase: SlotPhase;
}

/** Every sale state, in the order a sale moves through them. */
export const stateInfo = {
  SalePreparing: { label: 'Preparing', tone: 'busy', phase: 'starting' },
  SaleSlotReserving: { label: 'Reserving slot', tone: 'busy', phase: 'starting' },
  SaleDownloading: { label: 'Downloading', tone: 'busy', phase: 'starting' },
  SaleInitialProving: { label: 'First proof', tone: 'busy', phase: 'starting' },
  SaleFilling: { label: 'Filling', tone: 'busy', phase: 'starting' },
  SaleFilled: { label: 'Filled', tone: 'ok', phase: 'hosting' },
  SaleProving: { label: 'Proving', tone: 'ok', phase: 'hosting' },
  SaleProvingSimulated: { label: 'Proving (simulated)', tone: 'ok', phase: 'hosting' },
  SalePayout: { label: 'Collecting payout', tone: 'ok', phase: 'hosting' },
  SaleFinished: { label: 'Finished', tone: 'done', phase: 'ended' },
  SaleCancelled: { label: 'Cancelled', tone: 'muted', phase: 'ended' },
  SaleFailed: { label: 'Failed', tone: 'bad', phase: 'ended' },
  SaleIgnored: { label: 'Skipped', tone: 'muted', phase: 'skipped' },
  SaleErrored: { label: 'Errored', tone: 'bad', phase: 'ended' },
  SaleUnknown: { label: 'Unknown', tone: 'muted', phase: 'ended' },
} satisfies Record<SaleStateName, StateInfo>;

/** The path a successful sale takes, for the stage strip in the slot view. */
export const happyPath: SaleStateName[] = [
  'SalePreparing',
  'SaleSlotReserving',
  'SaleDownloading',
  'SaleInitialProving',
  'SaleFilling',
  'SaleFilled',
  'SaleProving',
  'SalePayout',
  'SaleFinished',
];

/** Phases as filter choices. */
export const phaseLabels: Record<SlotPhase, string> = {
  starting: 'Starting',
  hosting: 'Hosting',
  ended: 'Ended',
  skipped: 'Skipped',
};

/** Why a slot was skipped, and what the operator could change. */
export const ignoredReasonText = {
  'no-availability':
    'No availability matched this slot. Offer space whose size, duration, price and collateral fit it.',
  'price-too-low': 'The request pays less than the minimum price of your availabilities.',
  'slot-too-big': 'The slot is larger than the free space left in your availabilities.',
  'duration-too-long': 'The request runs longer than your availabilities accept.',
  'collateral-too-high': 'The request asks for more collateral per byte than your availabilities have left.',
  'until-too-early': 'The request ends after the end date of your availabilities.',
  'availability-disabled': 'The only availability that fits is disabled.',
  'reservations-full': 'The slot already had the most host reservations the marketplace allows (3).',
  'slot-not-free': 'The slot was no longer free when this host got to it.',
  'slot-filled-by-other': 'Another host filled the slot first.',
  'request-expired': 'The request expired before the slot could be filled.',
} satisfies Record<IgnoredReason, string>;

/** Outcome kinds as the operator reads them. */
export const outcomeLabels = {
  'slot-won': 'Slot won',
  payout: 'Payout received',
  'request-cancelled': 'Request cancelled',
  'request-failed': 'Request failed',
  'sale-errored': 'Sale errored',
  'proofs-missed': 'Proof missed',
} satisfies Record<OutcomeKind, string>;

/** Whether an outcome is good news, neutral, or money at risk. */
export const outcomeTone = {
  'slot-won': 'ok',
  payout: 'done',
  'request-cancelled': 'muted',
  'request-failed': 'bad',
  'sale-errored': 'bad',
  'proofs-missed': 'bad',
} satisfies Record<OutcomeKind, Tone>;

/** The header's selling status. */
export const sellingLabels = {
  selling: 'Selling',
  paused: 'Paused',
  attention: 'Needs attention',
} satisfies Record<SellingStatus, string>;
