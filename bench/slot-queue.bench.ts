// Slot queue: 100,000 pushes into a full 128-item queue, with a pop after every fourth push,
// against two baselines that re-sort an array on every push: the plain one sorts with the public
// comparator (compareSlotQueueItems); the tuned one sorts entries whose keys were computed once,
// like the queue's own, so that ratio measures the data structure alone. All three must pop the
// same slots in the same order.
// Run: npx node --experimental-transform-types --no-warnings --import ./test/fakes/node-ts-hooks.mjs bench/slot-queue.bench.ts
import { deepStrictEqual } from 'node:assert/strict';
import { SlotQueue } from '../src-main/engine/queue/slot-queue';
import {
  compareSlotQueueItems,
  createSlotQueueItem,
  profitability,
  type SlotQueueItem,
} from '../src-main/engine/queue/slot-queue-item';

const PUSHES = 100_000;
const SIZE = 128;
const POP_EVERY = 4;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

// Items come in requests of 16 slots, and a request's slots share its id string, as
// itemsForRequest makes them.
function makeItems(count: number): SlotQueueItem[] {
  const random = lcg(42);
  let requestId = '';
  return Array.from({ length: count }, (_, i) => {
    if (i % 16 === 0) requestId = `0x${(i >> 4).toString(16).padStart(64, '0')}`;
    return createSlotQueueItem({
      requestId,
      slotIndex: BigInt(i & 15),
      slotSize: BigInt(1 + Math.floor(random() * 2 ** 30)),
      duration: BigInt(60 + Math.floor(random() * 86_400 * 30)),
      pricePerBytePerSecond: BigInt(1 + Math.floor(random() * 1000)),
      collateral: BigInt(Math.floor(random() * 2 ** 40)),
      expiry: 1_700_000_000 + Math.floor(random() * 86_400),
      seen: random() < 0.1,
    });
  });
}

interface Keyed {
  item: SlotQueueItem;
  profit: bigint;
  profitApprox: number;
  collateralApprox: number;
  seq: number;
}
const keyed = (item: SlotQueueItem, seq: number): Keyed => {
  const profit = profitability(item);
  return { item, profit, profitApprox: Number(profit), collateralApprox: Number(item.collateral), seq };
};
function order(a: Keyed, b: Keyed): number {
  if (a.item.seen !== b.item.seen) return a.item.seen ? 1 : -1;
  if (a.profitApprox !== b.profitApprox) return a.profitApprox > b.profitApprox ? -1 : 1;
  if (a.profit !== b.profit) return a.profit > b.profit ? -1 : 1;
  if (a.collateralApprox !== b.collateralApprox) return a.collateralApprox < b.collateralApprox ? -1 : 1;
  if (a.item.collateral !== b.item.collateral) return a.item.collateral < b.item.collateral ? -1 : 1;
  if (a.item.expiry !== b.item.expiry) return a.item.expiry > b.item.expiry ? -1 : 1;
  return a.seq - b.seq;
}

/** A queue as an array re-sorted after every push; the worst item is cut off the end. */
function runResorting<T>(
  fill: SlotQueueItem[],
  items: SlotQueueItem[],
  wrap: (item: SlotQueueItem, seq: number) => T,
  unwrap: (entry: T) => SlotQueueItem,
  compare: (a: T, b: T) => number,
): SlotQueueItem[] {
  const list: T[] = [];
  const present = new Set<string>();
  let seq = 0;
  const key = (item: SlotQueueItem) => `${item.requestId}/${item.slotIndex}`;
  const push = (item: SlotQueueItem) => {
    if (present.has(key(item))) return;
    present.add(key(item));
    list.push(wrap(item, seq++));
    list.sort(compare);
    if (list.length > SIZE) present.delete(key(unwrap(list.pop()!)));
  };
  const popped: SlotQueueItem[] = [];
  for (const item of fill) push(item);
  for (let i = 0; i < items.length; i++) {
    push(items[i]!);
    if (i % POP_EVERY === POP_EVERY - 1) {
      const best = unwrap(list.shift()!);
      present.delete(key(best));
      popped.push(best);
    }
  }
  return popped;
}

// The public comparator leaves ties to the sort; arrival order breaks them as in the queue.
type Plain = { item: SlotQueueItem; seq: number };
const plain = (fill: SlotQueueItem[], items: SlotQueueItem[]) =>
  runResorting<Plain>(
    fill,
    items,
    (item, seq) => ({ item, seq }),
    (entry) => entry.item,
    (a, b) => compareSlotQueueItems(a.item, b.item) || a.seq - b.seq,
  );
const tuned = (fill: SlotQueueItem[], items: SlotQueueItem[]) =>
  runResorting<Keyed>(fill, items, keyed, (entry) => entry.item, order);

function runQueue(fill: SlotQueueItem[], items: SlotQueueItem[]): SlotQueueItem[] {
  const queue = new SlotQueue({ maxSize: SIZE, maxWorkers: 1 });
  queue.start();
  queue.pause();
  const popped: SlotQueueItem[] = [];
  for (const item of fill) queue.push(item);
  for (let i = 0; i < items.length; i++) {
    queue.push(items[i]!);
    if (i % POP_EVERY === POP_EVERY - 1) popped.push(queue.pop()!);
  }
  void queue.stop();
  return popped;
}

const ROUNDS = 5;

interface Timed {
  ms: number;
  /** Fastest and slowest round, to show how noisy the machine was. */
  min: number;
  max: number;
  result: SlotQueueItem[];
}

/** Runs each contender ROUNDS times, interleaved so that noise from other work hits all alike; keeps the median. */
function medians(contenders: Record<string, () => SlotQueueItem[]>): Record<string, Timed> {
  const times: Record<string, number[]> = {};
  const results: Record<string, SlotQueueItem[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(contenders)) {
      const start = performance.now();
      results[name] = run();
      (times[name] ??= []).push(performance.now() - start);
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, list]) => {
      list.sort((a, b) => a - b);
      return [name, { ms: list[ROUNDS >> 1]!, min: list[0]!, max: list[ROUNDS - 1]!, result: results[name]! }];
    }),
  );
}

function main(): void {
  const all = makeItems(PUSHES + SIZE);
  const fill = all.slice(0, SIZE);
  const items = all.slice(SIZE);
  const { plainRun, tunedRun, heap } = medians({
    plainRun: () => plain(fill, items),
    tunedRun: () => tuned(fill, items),
    heap: () => runQueue(fill, items),
  }) as Record<'plainRun' | 'tunedRun' | 'heap', Timed>;
  deepStrictEqual(tunedRun.result, plainRun.result);
  deepStrictEqual(heap.result, plainRun.result);

  const pushesPerSecond = PUSHES / (heap.ms / 1000);
  const spread = ({ min, max }: Timed) => `(rounds ${min.toFixed(1)}-${max.toFixed(1)})`;
  console.log(
    [
      `slot queue, ${PUSHES} pushes into a full ${SIZE}-item queue, a pop every ${POP_EVERY} pushes (median of ${ROUNDS}):`,
      `  re-sorting with compareSlotQueueItems: ${plainRun.ms.toFixed(1)} ms ${spread(plainRun)}`,
      `  re-sorting with precomputed keys:      ${tunedRun.ms.toFixed(1)} ms ${spread(tunedRun)}`,
      `  SlotQueue (binary heaps):              ${heap.ms.toFixed(1)} ms ${spread(heap)} = ${Math.round(pushesPerSecond).toLocaleString('en')} pushes/s`,
      `  ratio vs plain re-sort: ${(plainRun.ms / heap.ms).toFixed(1)}x, vs tuned re-sort: ${(tunedRun.ms / heap.ms).toFixed(1)}x`,
      `  (targets: >= 20x faster than re-sorting, >= 500,000 pushes/s)`,
    ].join('\n'),
  );
}

main();
