// Event delivery: a transaction's events are queued when it succeeds and handed to subscribers on a
// later turn of the event loop, as a chain's logs reach a client after the receipt. Only the
// contract's eight events exist; nothing is emitted for expiry or finish.
import type { EventFilter, Logger, MarketEventName, MarketEvents, PastEvent, Subscription } from '../../engine/index';
import type { EmittedEvent } from './contract';

interface Subscriber {
  handler: (payload: never) => void;
  filter: EventFilter | undefined;
}

/** Names kept in history: what the validator and new hosts backfill from (docs/reference/marketplace.md §7.1 History). */
export const HISTORY_EVENTS: readonly MarketEventName[] = ['StorageRequested', 'SlotFilled'];

/** Queues events per transaction and delivers them asynchronously to subscribers. */
export class EventBus {
  private readonly subscribers = new Map<MarketEventName, Set<Subscriber>>();
  private queue: EmittedEvent[] = [];
  private scheduled = false;
  /** Receives history events for persistence (or keeps them in memory when there is no database). */
  onHistory: (events: PastEvent<MarketEventName>[], names: MarketEventName[]) => void = () => {};

  constructor(private readonly logger: Logger) {}

  /** Queue a committed transaction's events. */
  publish(events: EmittedEvent[], blockNumber: number, timestamp: number): void {
    if (events.length === 0) return;
    const history = events.filter((e) => HISTORY_EVENTS.includes(e.name));
    if (history.length > 0) {
      this.onHistory(
        history.map((e) => ({ ...e.payload, blockNumber, timestamp }) as PastEvent<MarketEventName>),
        history.map((e) => e.name),
      );
    }
    this.queue.push(...events);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.deliver());
    }
  }

  /** Listen to one event name, optionally narrowed to a request (and slot). */
  subscribe<E extends MarketEventName>(
    name: E,
    handler: (payload: MarketEvents[E]) => void,
    filter?: EventFilter,
  ): Subscription {
    let set = this.subscribers.get(name);
    if (!set) this.subscribers.set(name, (set = new Set()));
    const sub: Subscriber = { handler: handler as (payload: never) => void, filter };
    set.add(sub);
    return { unsubscribe: () => void set.delete(sub) };
  }

  /** True while events wait for delivery. */
  get pending(): boolean {
    return this.queue.length > 0;
  }

  private deliver(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const event of batch) {
      for (const sub of this.subscribers.get(event.name) ?? []) {
        if (!matches(event.payload, sub.filter)) continue;
        try {
          sub.handler(event.payload as never);
        } catch (error) {
          // A subscriber's bug must not starve the others; it is reported, not swallowed.
          this.logger.error(`market event handler for ${event.name} threw`, { error, payload: event.payload });
        }
      }
    }
  }
}

function matches(payload: MarketEvents[MarketEventName], filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.requestId !== undefined && (!('requestId' in payload) || payload.requestId !== filter.requestId))
    return false;
  if (filter.slotIndex !== undefined && (!('slotIndex' in payload) || payload.slotIndex !== filter.slotIndex))
    return false;
  return true;
}
