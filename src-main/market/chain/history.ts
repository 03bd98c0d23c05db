// Past Marketplace events (docs/reference/marketplace.md §7.1, History): eth_getLogs over a block range in chunks, with each
// event's block timestamp. "Since a time" becomes a block by binary search on block timestamps, as
// nim-codex does.
import { type HistoryFrom, type MarketEventName, type PastEvent } from '../../engine/index';
import { marketplaceInterface } from './abi';
import { decodeLog } from './event-hub';
import type { BlockHeader } from './heads';
import type { RawLog } from './log-watcher';

/** What history needs to read. */
export interface HistoryReader {
  header(number: number): Promise<BlockHeader>;
  logs(fromBlock: number, toBlock: number, topics?: string[]): Promise<RawLog[]>;
}

const CHUNK = 2_000;

/** The first block whose timestamp is at least `t` (head + 1 when none is). */
export async function blockAtTime(reader: HistoryReader, head: BlockHeader, t: number): Promise<number> {
  if (head.timestamp < t) return head.number + 1;
  let lo = 0;
  let hi = head.number;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await reader.header(mid)).timestamp >= t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Every `name` event from `from` to the head, oldest first. */
export async function pastEvents<E extends MarketEventName>(
  reader: HistoryReader,
  head: () => Promise<BlockHeader>,
  name: E,
  from: HistoryFrom,
): Promise<PastEvent<E>[]> {
  const latest = await head();
  let start: number;
  if ('fromBlock' in from) start = Math.max(0, from.fromBlock);
  else if ('blocksAgo' in from) start = Math.max(0, latest.number - from.blocksAgo);
  else start = await blockAtTime(reader, latest, from.fromTime);
  const topic = marketplaceInterface.getEvent(name)!.topicHash;
  const timestamps = new Map<number, number>();
  const events: PastEvent<E>[] = [];
  for (let a = start; a <= latest.number; a += CHUNK) {
    for (const log of await reader.logs(a, Math.min(latest.number, a + CHUNK - 1), [topic])) {
      const decoded = decodeLog(log);
      if (!decoded || decoded.name !== name) continue;
      let timestamp = timestamps.get(log.blockNumber);
      if (timestamp === undefined) {
        timestamp = (await reader.header(log.blockNumber)).timestamp;
        timestamps.set(log.blockNumber, timestamp);
      }
      events.push({ ...(decoded.payload as object), blockNumber: log.blockNumber, timestamp } as PastEvent<E>);
    }
  }
  return events;
}
