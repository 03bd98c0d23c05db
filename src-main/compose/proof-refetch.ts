// Stored blocks that lost their proof are fetched again for it. Proofs are appended in batches
// (network/serve/repo-served-blocks.ts), so a kill loses the last few while their blocks stay stored
// and counted as stored by the engine: a resumed download never fetches them again, and without a
// proof a block cannot be served. Each stored slot's proofs are indexed against its blocks (from the
// manifest kept beside it); the stored ones without a proof are asked of peers over the block
// exchange, whose deliveries are checked against the dataset tree like a download's. The slot data
// is never written: a proof is kept only when the delivered bytes are the stored ones (they are, the
// proof names the block's CID; bytes that differ mean the stored block is damaged, and it stays
// unserved rather than served with a proof it fails).
//
// It lives in compose/ because it joins three parts no lower layer sees together: the engine's record
// of which blocks are stored, the serve store, and the data plane's exchange. It runs beside selling
// and proving, never in their way: a few slots at a time, in the background, with retries spaced
// out when no peer has the blocks and a bounded number of them.
import { BLOCK_SIZE, type Id, type Logger, type Repo, type SlotDataSource, type WantedSlot } from '../engine/index';
import { slotIdOf, type StoredSlotRecord } from '../market/index';
import {
  checkManifest,
  decodeManifest,
  slotBlockIndices,
  type ProvenBlock,
  type RepoServedBlocks,
  type StoredManifest,
} from '../network/index';

/** Fetches blocks of a stored slot again for their proofs (CodexDataSource.fetchProofs). */
export type FetchProofs = (
  manifest: StoredManifest,
  slotIndex: number,
  wanted: readonly number[],
  keep: (block: ProvenBlock) => Promise<void>,
  signal: AbortSignal,
) => Promise<void>;

/** What the refetch needs. */
export interface ProofRefetchOptions {
  readonly serve: RepoServedBlocks;
  readonly repo: Pick<Repo, 'listSlots' | 'readSlotData'>;
  readonly fetchProofs: FetchProofs;
  /** The engine's record of the slot whose data is under `dataKey`; undefined when it has none. */
  readonly storedSlot: (dataKey: Id) => StoredSlotRecord | undefined;
  readonly log: Logger;
  /** The wait before a slot's second attempt; each later one waits twice as long as the one before. */
  readonly retryMs?: number;
  /** Attempts per slot before it waits for the next start. */
  readonly attempts?: number;
}

/** The refetch of missing proofs, running in the background. */
export interface ProofRefetch {
  /** Looks at every slot in the repo and fetches again what lacks a proof. */
  checkAll(): void;
  /** Looks at the slot stored under `dataKey` (e.g. once its download ended). */
  check(dataKey: Id): void;
  /** Resolves once no slot is being looked at, fetched or waiting for its next attempt. */
  idle(): Promise<void>;
  /** Stops every fetch and retry under way. */
  close(): Promise<void>;
}

/** Slots fetched at once: the exchange spreads each over its peers, and selling needs the rest. */
const CONCURRENCY = 2;
const RETRY_MS = 60_000;
/** 1, 2, 4, 8 minutes apart: about a quarter of an hour for peers to come back. */
const ATTEMPTS = 5;

/** Starts the refetch; nothing runs until checkAll or check. */
export function startProofRefetch(options: ProofRefetchOptions): ProofRefetch {
  const { serve, repo, log } = options;
  const retryMs = options.retryMs ?? RETRY_MS;
  const attempts = options.attempts ?? ATTEMPTS;
  const stop = new AbortController();
  const queue: { dataKey: Id; attempt: number }[] = [];
  const busy = new Set<Id>(); // queued, running or waiting to retry
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let waiters: (() => void)[] = [];

  const settle = (dataKey: Id): void => {
    busy.delete(dataKey);
    if (busy.size > 0) return;
    for (const w of waiters.splice(0)) w();
  };
  const pump = (): void => {
    while (running.size < CONCURRENCY && queue.length > 0 && !stop.signal.aborted) {
      const next = queue.shift()!;
      const run: Promise<void> = refetch(next.dataKey, next.attempt).finally(() => {
        running.delete(run);
        pump();
      });
      running.add(run);
    }
  };
  const enqueue = (dataKey: Id, attempt: number): void => {
    queue.push({ dataKey, attempt });
    pump();
  };

  /** One attempt at one slot; it settles the slot or schedules its next attempt, and never rejects. */
  async function refetch(dataKey: Id, attempt: number): Promise<void> {
    let missing: number[] = [];
    try {
      const manifest = serve.manifestOf(dataKey);
      const slot = options.storedSlot(dataKey);
      if (!manifest || !slot) return settle(dataKey); // not a slot we serve, or not one the engine holds
      const slotIndex = Number(slot.slotIndex);
      const datasetIndices = slotBlockIndices(checkManifest(decodeManifest(manifest.bytes)), slotIndex);
      const stored = new Set(slot.storedBlocks);
      missing = (await serve.missingProofs(dataKey, datasetIndices)).filter((i) => stored.has(i));
      if (missing.length === 0) return settle(dataKey);
      const kept: Promise<void>[] = [];
      const differ: number[] = [];
      const keep = async (b: ProvenBlock): Promise<void> => {
        const held = await repo.readSlotData(dataKey, b.index * BLOCK_SIZE, BLOCK_SIZE);
        if (!sameBlock(held, b.data)) return void differ.push(b.index);
        // Not awaited here: the proofs are appended in batches, as a download's are.
        kept.push(serve.keepProof(dataKey, { index: b.index, datasetIndex: b.datasetIndex, proof: b.proof }));
      };
      try {
        await options.fetchProofs(manifest, slotIndex, missing, keep, stop.signal);
      } finally {
        await Promise.allSettled(kept);
      }
      await Promise.all(kept);
      const served = { slot: dataKey, blocks: missing.length - differ.length };
      if (differ.length === 0)
        log.info('fetched again the proofs of stored blocks that had lost them: they are served again', served);
      else
        log.warn(
          'fetched again the proofs of stored blocks that had lost them, but some stored blocks differ from the dataset: those are not served (the slot may fail its proofs)',
          { ...served, differ: differ.slice(0, 20).join(', ') },
        );
      settle(dataKey);
    } catch (error) {
      if (stop.signal.aborted) return settle(dataKey);
      if (attempt + 1 < attempts) {
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            enqueue(dataKey, attempt + 1);
          },
          retryMs * 2 ** attempt,
        );
        timer.unref();
        timers.add(timer);
        return;
      }
      log.warn(
        'stored blocks of a slot have no proof and could not be fetched again for it: they are not served until the next start',
        {
          slot: dataKey,
          blocks: missing.length,
          attempts,
          error: error instanceof Error ? error.message : String(error),
        },
      );
      settle(dataKey);
    }
  }

  const check = (dataKey: Id): void => {
    if (stop.signal.aborted || busy.has(dataKey)) return;
    busy.add(dataKey);
    enqueue(dataKey, 0);
  };
  return {
    checkAll: () => repo.listSlots().forEach(check),
    check,
    idle: () => (busy.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    async close() {
      stop.abort();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      queue.length = 0;
      await Promise.allSettled([...running]);
      busy.clear();
      const idle = waiters;
      waiters = [];
      for (const w of idle) w();
    },
  };
}

/**
 * `source`, with `after` told of each slot whose download ended (a download resumed after a restart
 * included): its blocks are all stored by then, and any without a proof is fetched again.
 */
export function afterDownloads(source: SlotDataSource, after: (slot: WantedSlot) => void): SlotDataSource {
  return {
    canRepair: source.canRepair,
    async dataset(slot, signal) {
      const dataset = await source.dataset(slot, signal);
      return {
        ...dataset,
        fetchBlocks: async (indices, sink, fetchSignal) => {
          await dataset.fetchBlocks(indices, sink, fetchSignal);
          // The engine accounts the last blocks as fetchBlocks settles: looked at once it has.
          setImmediate(() => after(slot));
        },
      };
    },
  };
}

/** The data key of the slot `slot` names, when the repo holds its data. */
export function dataKeyOf(repo: Pick<Repo, 'listSlots' | 'slotOfData'>, slot: WantedSlot): Id | undefined {
  const slotId = slotIdOf(slot.requestId, slot.slotIndex);
  return repo.listSlots().find((k) => repo.slotOfData(k) === slotId);
}

/** Whether delivered bytes are the stored block's (an empty block reads as zeros). */
function sameBlock(held: Uint8Array, delivered: Uint8Array): boolean {
  if (delivered.length === 0) return held.every((b) => b === 0);
  return held.length === delivered.length && Buffer.compare(held, delivered) === 0;
}
