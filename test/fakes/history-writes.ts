// The engine's history writer over a store, writing each change at once (no batching), for tests
// that read the store right after a sale moved.
import { silentLogger, type Clock, type SaleHistoryStore } from '../../src-main/engine/index';
import { HistoryWriter } from '../../src-main/engine/sales/history-writer';

/** A HistoryWriter that commits every write before returning. */
export function immediateWrites(history: SaleHistoryStore, clock: Clock): HistoryWriter {
  return new HistoryWriter(history, { clock, logger: silentLogger, defer: (work) => work() });
}
