// What the dashboard reads from the sales engine: live agents, sale summaries (running ones from
// memory, the rest from the history store), one sale's timeline, outcomes and earnings.
import type { SaleHistoryStore, SaleOutcome, SaleQuery, SaleRecord, SaleStep } from '../ports/history';
import type { SlotId } from '../ports/market';
import type { SalesAgent } from './agent';
import { payoutFor } from './chain-math';

/** Money earned and at stake. */
export interface Earnings {
  /** Every payout received. */
  readonly paid: bigint;
  /** Payouts expected from slots we hold now, if they run to their end. */
  readonly expected: bigint;
  /** Our collateral on chain now (after slashes). */
  readonly collateralLocked: bigint;
}

/** A sale with its timeline. */
export interface SaleDetail {
  readonly sale: SaleRecord;
  readonly timeline: SaleStep[];
}

/** Read side of Sales: live agents first, the history store for the rest. */
export class SalesReads {
  constructor(
    private readonly history: SaleHistoryStore,
    /** One agent per slot being sold (several for one slot only while an old sale winds down). */
    private readonly agentList: () => readonly SalesAgent[],
  ) {}

  private get agents(): readonly SalesAgent[] {
    return this.agentList();
  }

  /** The first agent handling the slot, in any state (REST GET /sales/slots/{slotId}). */
  activeSale(slotId: SlotId): SalesAgent | undefined {
    return this.agents.find((agent) => agent.data.slotId === slotId);
  }

  /** Sale summaries, newest first; running sales carry their live values. */
  sales(query?: SaleQuery): SaleRecord[] {
    const live = new Map(this.agents.map((agent) => [agent.record.id, agent.record.sale]));
    return this.history.listSales(query).map((sale) => live.get(sale.id) ?? sale);
  }

  /** The newest sale of a slot, with its timeline. */
  sale(slotId: SlotId): SaleDetail | undefined {
    const agent = [...this.agents].reverse().find((a) => a.data.slotId === slotId && a.record.id !== 0);
    const sale = agent?.record.sale ?? this.history.latestSaleOfSlot(slotId);
    return sale === undefined ? undefined : { sale, timeline: this.history.steps(sale.id) };
  }

  /** One sale by id, with its timeline. */
  saleById(id: number): SaleDetail | undefined {
    const sale = this.agents.find((agent) => agent.record.id === id)?.record.sale ?? this.history.getSale(id);
    return sale === undefined ? undefined : { sale, timeline: this.history.steps(id) };
  }

  /** Outcomes, newest first. */
  recentOutcomes(limit: number): SaleOutcome[] {
    return this.history.recentOutcomes(limit);
  }

  /** Paid so far, expected from the slots we hold, and collateral locked. */
  earnings(): Earnings {
    let expected = 0n;
    let collateralLocked = 0n;
    for (const agent of this.agents) {
      const sale = agent.record.sale;
      const request = agent.data.request;
      if (!agent.data.collateralPosted || sale.endedAt !== undefined || sale.collateralReturned !== undefined) continue;
      collateralLocked += sale.collateral - (sale.slashed ?? 0n) > 0n ? sale.collateral - (sale.slashed ?? 0n) : 0n;
      if (
        request !== undefined &&
        sale.filledAt !== undefined &&
        sale.endsAt !== undefined &&
        sale.payout === undefined
      ) {
        expected += payoutFor(request, sale.filledAt, sale.endsAt);
      }
    }
    return { paid: this.history.totalPaid(), expected, collateralLocked };
  }
}
