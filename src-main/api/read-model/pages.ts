// The dashboard's long lists over the whole history: slots (each slot's newest sale) and events,
// a page at a time in a stable order, with the total matching, straight from the database. Sales
// running now carry their live values (the engine persists download progress only at state changes).
import { statePhases } from '../closed-lists';
import type { CommandArgs } from '../contract';
import type { OutcomeDto, PageDto, SlotDetailDto, SlotDto, SlotSaleDto } from '../dto';
import { ApiFailure } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';
import { onDiskBytesOf, outcomeDto, slotDto } from './dtos';
import type { HistoryQueries, QuotaSource, SalesEngine, StoredSale } from './ports';

/** How many rows a page carries when the caller does not say. */
export const DEFAULT_PAGE_ROWS = 100;

/** What the pages read. */
export interface PageDeps {
  readonly sales: Pick<SalesEngine, 'activeAgents'>;
  readonly repo: Pick<QuotaSource, 'slotBytesOnDisk'>;
  readonly history: HistoryQueries;
}

const phaseStates = (phase: keyof typeof phaseMembers) => phaseMembers[phase];
const phaseMembers = Object.entries(statePhases).reduce(
  (by, [state, phase]) => ({ ...by, [phase]: [...(by[phase] ?? []), state] }),
  {} as Record<string, string[]>,
) as Record<(typeof statePhases)[keyof typeof statePhases], (keyof typeof statePhases)[]>;

/** Builds the page readers. */
export function createPages(deps: PageDeps) {
  const { history, repo } = deps;
  /** A stored sale as the dashboard shows it: live values while it runs, its bytes on disk. */
  const toDto = (stored: StoredSale, live?: Map<number, StoredSale['record']>): SlotDto => {
    const record = live?.get(stored.record.id) ?? stored.record;
    return slotDto(record, {
      onDiskBytes: onDiskBytesOf(record, repo),
      ignoredTimes: stored.ignoredTimes,
      ...(stored.ignoredSince === undefined ? {} : { ignoredSince: stored.ignoredSince }),
    });
  };
  const liveSales = () => new Map(deps.sales.activeAgents.map((a) => [a.record.sale.id, a.record.sale]));

  return {
    toDto,

    slotsPage(query: CommandArgs<'slots.page'>): PageDto<SlotDto> {
      const order = query.sort ?? 'startedAt';
      const direction = query.direction ?? 'desc';
      const orderName = `${order}:${direction}`;
      const states =
        query.state !== undefined
          ? query.phase === undefined || statePhases[query.state] === query.phase
            ? [query.state]
            : []
          : query.phase !== undefined
            ? phaseStates(query.phase)
            : undefined;
      const page = history.slotPage({
        order,
        direction,
        limit: query.limit ?? DEFAULT_PAGE_ROWS,
        ...(states === undefined ? {} : { states }),
        ...(query.query === undefined ? {} : { text: query.query }),
        ...(query.cursor === undefined ? {} : { after: decodeCursor(query.cursor, orderName) }),
      });
      const live = liveSales();
      return {
        items: page.rows.map((row) => toDto(row, live)),
        total: page.total,
        ...(page.next ? { nextCursor: encodeCursor(orderName, page.next) } : {}),
      };
    },

    historyPage(query: CommandArgs<'history.page'>): PageDto<OutcomeDto> {
      const page = history.outcomePage({
        limit: query.limit ?? DEFAULT_PAGE_ROWS,
        ...(query.kind === undefined ? {} : { kind: query.kind }),
        ...(query.since === undefined ? {} : { since: query.since }),
        ...(query.query === undefined ? {} : { text: query.query }),
        ...(query.cursor === undefined ? {} : { after: decodeCursor(query.cursor, 'events') }),
      });
      return {
        items: page.rows.map(outcomeDto),
        total: page.total,
        ...(page.next ? { nextCursor: encodeCursor('events', page.next) } : {}),
      };
    },

    /** Every sale of a slot, the newest first with its timeline; undefined for a slot never seen. */
    slot(slotId: string): SlotDetailDto | undefined {
      const live = liveSales();
      const [newest, ...earlier] = history
        .salesOfSlot(slotId)
        .map((stored): SlotSaleDto => ({ ...toDto(stored, live), history: history.steps(stored.record.id) }));
      return newest && { ...newest, earlier };
    },
  };
}

/** A missing slot, in the operator's words. */
export function slotNotFound(slotId: string): ApiFailure {
  return new ApiFailure('not-found', `Slot ${slotId} is not one this host has sold or considered.`);
}
