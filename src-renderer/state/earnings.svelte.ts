// Money earned and at stake: paid, expected from running slots, collateral locked, by month.
import type { EarningsDto, PatchDto, SnapshotDto } from '../../src-main/api/dto';
import { big } from './format';
import type { LiveSink } from './live.svelte';

/** One month of the payout calendar, with bar lengths relative to the busiest month. */
export interface MonthBar {
  month: string;
  paid: string;
  expected: string;
  paidShare: number;
  expectedShare: number;
}

/** Earnings as rune state. */
export class EarningsState implements LiveSink {
  earnings = $state.raw<EarningsDto | undefined>();

  /** Months in calendar order, scaled so the largest paid + expected fills the bar. */
  months: MonthBar[] = $derived.by(() => {
    const rows = [...(this.earnings?.byMonth ?? [])].sort((a, b) => a.month.localeCompare(b.month));
    const peak = rows.reduce((max, r) => {
      const total = big(r.paid) + big(r.expected);
      return total > max ? total : max;
    }, 0n);
    const share = (v: string) => (peak > 0n ? Number((big(v) * 10_000n) / peak) / 10_000 : 0);
    return rows.map((r) => ({ ...r, paidShare: share(r.paid), expectedShare: share(r.expected) }));
  });

  reset(snapshot: SnapshotDto): void {
    this.earnings = snapshot.earnings;
  }

  apply(patch: PatchDto): void {
    if (patch.earnings) this.earnings = patch.earnings;
  }
}
