// Every row of a table as CSV, read a page at a time from the whole history, so an export of a
// million rows costs one page of memory. Both hosts stream it: headless over HTTP
// (/api/export/<table>.csv), the desktop into a file the operator picks.
import { outcomeLabels } from './closed-lists';
import type { CommandArgs } from './contract';
import { csvLine, isoTime } from './csv';
import type { OutcomeDto, SlotDto, TokenDto } from './dto';
import type { SalesSource } from './sources';

/** What to export: a table and its filters (as the dashboard's list shows them). */
export type ExportRequest = CommandArgs<'export.save'>;

/** An export in progress: its suggested file name, its text in chunks, and how many data rows went out. */
export interface CsvExport {
  readonly filename: string;
  readonly chunks: AsyncIterable<string>;
  /** Data rows produced so far (the header not counted). */
  rows(): number;
}

const PAGE_ROWS = 500;

/** Base units as whole tokens, exactly. */
function inTokens(amount: string, token: TokenDto): string {
  const units = BigInt(amount);
  const one = 10n ** BigInt(token.decimals);
  const fraction = (units % one).toString().padStart(token.decimals, '0').replace(/0+$/, '');
  return fraction ? `${units / one}.${fraction}` : `${units / one}`;
}

const slotHeader = [
  'slot id',
  'request id',
  'slot index',
  'state',
  'slot size (bytes)',
  'downloaded (bytes)',
  'on disk (bytes)',
  'duration (s)',
  'price (base units/byte/s)',
  'collateral (base units)',
  'proofs required',
  'proofs submitted',
  'proofs missed',
  'payout (base units)',
  'slashed (base units)',
  'started',
  'ends',
  'ended',
  'skipped because',
  'times skipped',
  'error',
];
const slotCells = (s: SlotDto) => [
  s.slotId,
  s.requestId,
  s.slotIndex,
  s.state,
  s.slotSize,
  s.downloadedBytes,
  s.onDiskBytes,
  s.duration,
  s.pricePerBytePerSecond,
  s.collateral,
  s.proofs.required,
  s.proofs.submitted,
  s.proofs.missed,
  s.payout ?? '',
  s.slashed ?? '',
  isoTime(s.startedAt),
  isoTime(s.endsAt),
  isoTime(s.endedAt),
  s.ignoredReason ?? '',
  s.ignoredReason ? (s.ignoredTimes ?? 1) : '',
  s.error ?? '',
];
const eventHeader = [
  'time (UTC)',
  'event',
  'slot id',
  'request id',
  'slot index',
  'amount (base units)',
  'amount (tokens)',
  'reason',
];
const eventCells = (o: OutcomeDto, token: TokenDto) => [
  isoTime(o.at),
  outcomeLabels[o.kind],
  o.slotId,
  o.requestId,
  o.slotIndex,
  o.amount ?? '',
  o.amount ? inTokens(o.amount, token) : '',
  o.reason ?? '',
];

/** Starts an export; the rows are read as the chunks are consumed. */
export async function csvExport(source: SalesSource, request: ExportRequest): Promise<CsvExport> {
  const market = await source.market();
  const day = new Date(market.now * 1000).toISOString().slice(0, 10);
  let rows = 0;
  async function* chunks(): AsyncGenerator<string> {
    if (request.table === 'slots') {
      const { table: _table, ...filter } = request;
      yield csvLine(slotHeader);
      let cursor: string | undefined;
      do {
        const page = source.slotsPage({ ...filter, limit: PAGE_ROWS, ...(cursor ? { cursor } : {}) });
        rows += page.items.length;
        yield page.items.map((s) => csvLine(slotCells(s))).join('');
        cursor = page.nextCursor;
      } while (cursor);
    } else {
      const { table: _table, ...filter } = request;
      yield csvLine(eventHeader);
      let cursor: string | undefined;
      do {
        const page = source.historyPage({ ...filter, limit: PAGE_ROWS, ...(cursor ? { cursor } : {}) });
        rows += page.items.length;
        yield page.items.map((o) => csvLine(eventCells(o, market.token))).join('');
        cursor = page.nextCursor;
      } while (cursor);
    }
  }
  return {
    filename: `slotkeeper-${request.table === 'slots' ? 'slots' : 'events'}-${day}.csv`,
    chunks: chunks(),
    rows: () => rows,
  };
}
