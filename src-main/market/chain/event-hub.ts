// Contract logs decoded into the port's MarketEvents and handed to subscribers, each narrowed by
// request (and slot) as asked. A log that does not decode is reported and skipped: bad data from a
// chain changes nothing.
import { hexlify, type LogDescription } from 'ethers';
import type { EventFilter, Logger, MarketEventName, MarketEvents, Subscription } from '../../engine/index';
import { MarketEventNames } from '../../engine/index';
import { marketplaceInterface } from './abi';
import { askFromResult } from './codec';
import type { RawLog } from './log-watcher';

/** A decoded event with the log it came from. */
export interface DecodedEvent<E extends MarketEventName = MarketEventName> {
  readonly name: E;
  readonly payload: MarketEvents[E];
  readonly log: RawLog;
}

const names = new Set<string>(MarketEventNames);

/** The event a Marketplace log carries, or undefined for logs of no Marketplace event. */
export function decodeLog(log: RawLog): DecodedEvent | undefined {
  let parsed: LogDescription | null;
  try {
    parsed = marketplaceInterface.parseLog({ topics: [...log.topics], data: log.data });
  } catch (error) {
    throw new Error(`a Marketplace log in block ${log.blockNumber} does not decode: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!parsed || !names.has(parsed.name)) return undefined;
  const a = parsed.args;
  const id = (v: unknown) => hexlify(v as string).toLowerCase();
  const event = (name: MarketEventName, payload: MarketEvents[MarketEventName]): DecodedEvent => ({
    name,
    payload,
    log,
  });
  switch (parsed.name as MarketEventName) {
    case 'StorageRequested':
      return event('StorageRequested', { requestId: id(a[0]), ask: askFromResult(a[1]), expiry: Number(a[2]) });
    case 'RequestFulfilled':
    case 'RequestFailed':
    case 'RequestCancelled':
      return event(parsed.name as MarketEventName, { requestId: id(a[0]) });
    case 'SlotFilled':
    case 'SlotFreed':
    case 'SlotReservationsFull':
      return event(parsed.name as MarketEventName, { requestId: id(a[0]), slotIndex: BigInt(a[1]) });
    case 'ProofSubmitted':
      return event('ProofSubmitted', { id: id(a[0]) });
  }
}

interface Subscriber {
  handler: (payload: never) => void;
  filter: EventFilter | undefined;
}

function matches(payload: object, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  const p = payload as { requestId?: string; slotIndex?: bigint };
  if (filter.requestId !== undefined && p.requestId !== filter.requestId.toLowerCase()) return false;
  if (filter.slotIndex !== undefined && p.slotIndex !== filter.slotIndex) return false;
  return true;
}

/** Subscribers by event name. */
export class EventHub {
  readonly #subscribers = new Map<MarketEventName, Set<Subscriber>>();
  /** Called once with the first subscription (the watcher starts then). */
  onFirstSubscriber: () => void = () => {};

  constructor(private readonly logger: Logger) {}

  subscribe<E extends MarketEventName>(
    name: E,
    handler: (payload: MarketEvents[E]) => void,
    filter?: EventFilter,
  ): Subscription {
    let set = this.#subscribers.get(name);
    if (!set) this.#subscribers.set(name, (set = new Set()));
    const sub: Subscriber = { handler: handler as (payload: never) => void, filter };
    set.add(sub);
    const first = this.onFirstSubscriber;
    this.onFirstSubscriber = () => {};
    first();
    return { unsubscribe: () => void set.delete(sub) };
  }

  /** Decodes a delivered log and hands it to its subscribers. */
  deliver(log: RawLog): void {
    let event: DecodedEvent | undefined;
    try {
      event = decodeLog(log);
    } catch (error) {
      this.logger.error('skipped a contract log that does not decode', { error: (error as Error).message });
      return;
    }
    if (!event) return;
    for (const sub of this.#subscribers.get(event.name) ?? []) {
      if (!matches(event.payload, sub.filter)) continue;
      try {
        sub.handler(event.payload as never);
      } catch (error) {
        // One subscriber's bug must not starve the others; it is reported, not swallowed.
        this.logger.error(`market event handler for ${event.name} threw`, { error: (error as Error).message });
      }
    }
  }
}
