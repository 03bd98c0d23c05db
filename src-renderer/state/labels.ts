// The operator's words for the engine's names: sale states, why a slot was skipped, outcome kinds.
import { outcomeAmountLabels, outcomeLabels, statePhases, type SlotPhase } from '../../src-main/api/closed-lists';
import type { IgnoredReason, OutcomeKind, SaleStateName, SellingStatus } from '../../src-main/api/dto';

export { outcomeAmountLabels, outcomeLabels, type SlotPhase };

/** How a state reads as a badge: still working, earning, ended well, ended badly, or set aside. */
export type Tone = 'busy' | 'ok' | 'done' | 'bad' | 'muted';

interface StateInfo {
  label: string;
  tone: Tone;
  phase: SlotPhase;
}

/** How each state looks. */
const looks = {
  SalePreparing: { label: 'Preparing', tone: 'busy' },
  SaleSlotReserving: { label: 'Reserving slot', tone: 'busy' },
  SaleDownloading: { label: 'Downloading', tone: 'busy' },
  SaleInitialProving: { label: 'First proof', tone: 'busy' },
  SaleFilling: { label: 'Filling', tone: 'busy' },
  SaleFilled: { label: 'Filled', tone: 'ok' },
  SaleProving: { label: 'Proving', tone: 'ok' },
  SaleProvingSimulated: { label: 'Proving (simulated)', tone: 'ok' },
  SalePayout: { label: 'Collecting payout', tone: 'ok' },
  SaleFinished: { label: 'Finished', tone: 'done' },
  SaleCancelled: { label: 'Cancelled', tone: 'muted' },
  SaleFailed: { label: 'Failed', tone: 'bad' },
  SaleIgnored: { label: 'Skipped', tone: 'muted' },
  SaleErrored: { label: 'Errored', tone: 'bad' },
  SaleUnknown: { label: 'Unknown', tone: 'muted' },
} satisfies Record<SaleStateName, Omit<StateInfo, 'phase'>>;

/** Every sale state, in the order a sale moves through them, with its phase (the engine's own list). */
export const stateInfo = Object.fromEntries(
  Object.entries(looks).map(([state, look]) => [state, { ...look, phase: statePhases[state as SaleStateName] }]),
) as Record<SaleStateName, StateInfo>;

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
  'repair-not-supported':
    'The slot needs repair: its data must be rebuilt from the rest of the dataset by erasure decoding, which this host cannot do yet.',
} satisfies Record<IgnoredReason, string>;

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
  idle: 'Nothing offered',
} satisfies Record<SellingStatus, string>;
