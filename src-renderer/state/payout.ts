// What a slot's payout line says: what was paid, what is due and when, or why nothing is due. Only a
// slot this host is hosting is promised money; a skipped, lost, cancelled or failed one never is.
import type { SlotDto, TokenDto } from '../../src-main/api/dto';
import { big, formatRelative, formatTokens } from './format';
import { stateInfo } from './labels';

/** The payout line and whether it is good news, a promise, or nothing. */
export interface PayoutStatus {
  text: string;
  tone: 'paid' | 'due' | 'none';
}

/** What the slot pays if it runs to its request's end: the contract's price × size × time hosted. */
export function expectedPayout(slot: SlotDto): bigint | undefined {
  if (slot.filledAt === undefined || slot.endsAt === undefined || slot.endsAt <= slot.filledAt) return undefined;
  return big(slot.pricePerBytePerSecond) * big(slot.slotSize) * BigInt(slot.endsAt - slot.filledAt);
}

/** The payout line for a slot, at chain time `now`. */
export function payoutStatus(slot: SlotDto, now: number, token: TokenDto | undefined): PayoutStatus {
  const tokens = (amount: string | bigint) => formatTokens(amount, token);
  if (slot.payout) {
    const back = slot.collateralReturned ? `, ${tokens(slot.collateralReturned)} collateral returned` : '';
    return { text: `${tokens(slot.payout)} paid${back}.`, tone: 'paid' };
  }
  const phase = stateInfo[slot.state].phase;
  if (phase === 'hosting') {
    const expected = expectedPayout(slot);
    const when = slot.endsAt ? ` ${formatRelative(slot.endsAt, now)}` : '';
    const amount = expected === undefined ? '' : ` (${tokens(expected)} expected)`;
    return { text: `Not paid yet — due when the request ends${when}${amount}.`, tone: 'due' };
  }
  if (phase === 'starting') {
    return { text: 'Not won yet: a slot is paid only once this host fills it and the request ends.', tone: 'none' };
  }
  if (phase === 'skipped')
    return { text: 'Skipped: this host did not take the slot, so nothing is due.', tone: 'none' };
  switch (slot.state) {
    case 'SaleCancelled':
      return { text: 'The request was cancelled before it started: nothing is due.', tone: 'none' };
    case 'SaleFailed':
      return { text: 'The request failed: nothing is paid for it.', tone: 'none' };
    case 'SaleErrored':
      return slot.ignoredReason === 'slot-filled-by-other'
        ? { text: 'Another host filled this slot first: nothing is due.', tone: 'none' }
        : { text: 'The sale ended on an error: nothing is due.', tone: 'none' };
    case 'SaleFinished':
      return { text: 'Finished without a recorded payout.', tone: 'none' };
    default:
      return { text: 'Nothing is due for this sale.', tone: 'none' };
  }
}
