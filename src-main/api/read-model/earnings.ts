// Money earned and at stake, and by month: the totals are the engine's own (Sales.earnings), and the
// expected payout of a running slot is the contract's arithmetic (payoutFor) over the request it sells.
import { payoutFor } from '../../engine/index';
import type { EarningsDto } from '../dto';
import type { SalesEngine } from './ports';

/** How many ended sales the dashboard's snapshot carries beside every running one. */
export const ENDED_SALES_IN_SNAPSHOT = 2000;

const month = (t: number) => new Date(t * 1000).toISOString().slice(0, 7);

/** Paid, expected and locked, with payouts by month of payment and expected payouts by month of request end. */
export function earningsDto(sales: SalesEngine): EarningsDto {
  const totals = sales.earnings();
  const byMonth = new Map<string, { paid: bigint; expected: bigint }>();
  const add = (key: string, paid: bigint, expected: bigint) => {
    const entry = byMonth.get(key) ?? { paid: 0n, expected: 0n };
    byMonth.set(key, { paid: entry.paid + paid, expected: entry.expected + expected });
  };
  for (const sale of sales.sales({ limit: ENDED_SALES_IN_SNAPSHOT })) {
    if (sale.payout !== undefined && sale.endedAt !== undefined) add(month(sale.endedAt), sale.payout, 0n);
  }
  for (const { data, record } of sales.activeAgents) {
    const { filledAt, endsAt, endedAt, payout } = record.sale;
    if (data.request === undefined || filledAt === undefined || endsAt === undefined) continue;
    if (endedAt === undefined && payout === undefined)
      add(month(endsAt), 0n, payoutFor(data.request, filledAt, endsAt));
  }
  return {
    paid: totals.paid.toString(),
    expected: totals.expected.toString(),
    collateralLocked: totals.collateralLocked.toString(),
    byMonth: [...byMonth.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([m, v]) => ({ month: m, paid: v.paid.toString(), expected: v.expected.toString() })),
  };
}
