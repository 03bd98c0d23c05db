// The domain's closed lists as the dashboard shows them (filters, settings switches), declared once
// in the engine's history port. A plain module (no schemas) so the dashboard's bundle can take
// these values without the validation library; only these constants reach it.
import type { OutcomeKind, SaleStateName } from '../engine/index';

export { SaleStateNames as saleStates, OutcomeKinds as outcomeKinds } from '../engine/index';
export {
  AlertSeverities as alertSeverities,
  AlertCategories as alertCategories,
  AlertStates as alertStates,
} from '../engine/index';

/** Which part of a slot's life a state belongs to: still starting, hosting (earning), ended, or skipped. */
export type SlotPhase = 'starting' | 'hosting' | 'ended' | 'skipped';

/** Every sale state's phase; the slots list filters by these on the server and the dashboard labels them. */
export const statePhases = {
  SalePreparing: 'starting',
  SaleSlotReserving: 'starting',
  SaleDownloading: 'starting',
  SaleInitialProving: 'starting',
  SaleFilling: 'starting',
  SaleFilled: 'hosting',
  SaleProving: 'hosting',
  SaleProvingSimulated: 'hosting',
  SalePayout: 'hosting',
  SaleFinished: 'ended',
  SaleCancelled: 'ended',
  SaleFailed: 'ended',
  SaleIgnored: 'skipped',
  SaleErrored: 'ended',
  SaleUnknown: 'ended',
} as const satisfies Record<SaleStateName, SlotPhase>;

/** The phases, in the order a slot lives through them. */
export const slotPhases = ['starting', 'hosting', 'ended', 'skipped'] as const satisfies readonly SlotPhase[];

/** Columns the slots list can be sorted by, on the server. */
export const slotSorts = ['slot', 'state', 'size', 'progress', 'proofs', 'payout', 'startedAt', 'endsAt'] as const;

/** Tables the dashboard exports as CSV. */
export const exportTables = ['slots', 'history'] as const;

/** The most rows one page carries. */
export const MAX_PAGE_ROWS = 500;

/** Outcome kinds as the operator reads them (the dashboard, notifications and CSV exports). */
export const outcomeLabels = {
  'slot-won': 'Slot won',
  payout: 'Payout received',
  'request-cancelled': 'Request cancelled',
  'request-failed': 'Request failed',
  'sale-errored': 'Sale errored',
  'proofs-missed': 'Proof missed',
} as const satisfies Record<OutcomeKind, string>;

/** What an outcome's amount is, for its label: expected, paid, slashed or lost. */
export const outcomeAmountLabels = {
  'slot-won': 'expected',
  payout: 'paid',
  'request-cancelled': 'paid',
  'request-failed': 'collateral lost',
  'sale-errored': 'amount',
  'proofs-missed': 'slashed',
} as const satisfies Record<OutcomeKind, string>;
