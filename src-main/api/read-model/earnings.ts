// Money earned and at stake, and by month, and the history's counts. Paid, slashed and paid by
// month are sums over every sale in the database (a sample of the newest once showed less by
// month than in all); expected and locked come from the sales running now, and a running slot's
// expected payout is the contract's arithmetic (payoutFor) over the request it sells.
import { payoutFor } from '../../engine/index';
import type { EarningsDto, TotalsDto } from '../dto';
import type { HistoryQueries, SalesEngine } from './ports';

const month = (t: number) => new Date(t * 1000).toISOString().slice(0, 7);

/** Paid, slashed, expected and locked, with payouts by month of payment and expected payouts by month of request end. */
export function earningsDto(sales: SalesEngine, history: HistoryQueries): EarningsDto {
  const totals = sales.earnings();
  const byMonth = new Map<string, { paid: bigint; expected: bigint }>();
  const add = (key: string, paid: bigint, expected: bigint) => {
    const entry = byMonth.get(key) ?? { paid: 0n, expected: 0n };
    byMonth.set(key, { paid: entry.paid + paid, expected: entry.expected + expected });
  };
  for (const { month: m, paid } of history.paidByMonth()) add(m, paid, 0n);
  for (const { data, record } of sales.activeAgents) {
    const { filledAt, endsAt, endedAt, payout } = record.sale;
    if (data.request === undefined || filledAt === undefined || endsAt === undefined) continue;
    if (endedAt === undefined && payout === undefined)
      add(month(endsAt), 0n, payoutFor(data.request, filledAt, endsAt));
  }
  return {
    paid: history.totalPaid().toString(),
    slashed: history.totalSlashed().toString(),
    expected: totals.expected.toString(),
    collateralLocked: totals.collateralLocked.toString(),
    byMonth: [...byMonth.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([m, v]) => ({ month: m, paid: v.paid.toString(), expected: v.expected.toString() })),
  };
}

/** Slots by state and events by kind, counted over the whole history. */
export function totalsDto(history: HistoryQueries): TotalsDto {
  const slotsByState = history.slotStateCounts();
  const eventsByKind = history.outcomeKindCounts();
  const sum = (counts: Partial<Record<string, number>>) =>
    Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
  return { slots: sum(slotsByState), slotsByState, events: sum(eventsByKind), eventsByKind };
}
