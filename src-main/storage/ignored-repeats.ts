// A slot the queue retries is skipped again and again for the same reason while nothing changes
// (every retry of a seen slot is a new sale). Keeping one row per retry buried the sales that
// matter under thousands of copies, so a repeated skip folds into one record with a count: the
// newest row stays (its id is the one the engine holds), taking over the count and the first time
// of the rows it replaces. Runs inside the transaction that saves the skip.
import type { SaleRecord } from '../engine/index';
import type { Db } from './db';

interface PreviousRow {
  id: number;
  state: string;
  ignored_reason: string | null;
  ignored_times: number;
  since: number;
}

/** Returns the function that folds a just-saved skip into the slot's previous sale when that is the same skip. */
export function foldRepeatedIgnores(db: Db): (sale: SaleRecord) => void {
  const previous = db.prepare<[string, number], PreviousRow>(
    `SELECT id, state, ignored_reason, ignored_times, COALESCE(ignored_since, started_at) AS since
     FROM sales WHERE slot_id = ? AND id < ? ORDER BY id DESC LIMIT 1`,
  );
  const takeOver = db.prepare<[{ id: number; times: number; since: number }]>(
    'UPDATE sales SET ignored_times = @times, ignored_since = @since WHERE id = @id',
  );
  const moveOutcomes = db.prepare<[number, number]>('UPDATE sale_outcomes SET sale_id = ? WHERE sale_id = ?');
  const remove = db.prepare<[number]>('DELETE FROM sales WHERE id = ?');
  const times = db.prepare<[number], { ignored_times: number }>('SELECT ignored_times FROM sales WHERE id = ?');
  return (sale) => {
    if (sale.state !== 'SaleIgnored' || sale.ignoredReason === undefined) return;
    const before = previous.get(sale.slotId, sale.id);
    if (before === undefined || before.state !== 'SaleIgnored' || before.ignored_reason !== sale.ignoredReason) return;
    const own = times.get(sale.id)?.ignored_times ?? 1;
    takeOver.run({ id: sale.id, times: own + before.ignored_times, since: before.since });
    moveOutcomes.run(sale.id, before.id);
    remove.run(before.id);
  };
}
