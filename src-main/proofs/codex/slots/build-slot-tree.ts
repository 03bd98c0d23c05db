// Onboarding a slot: read its dataset blocks through a callback (in order, a bounded window ahead
// of the hashers), hash them on the pool in batches, pad with the zero-block root and build the
// slot tree. Memory stays at a few batches of blocks whatever the slot size.
import { abortedFailure, type BlockHasher, type HashFailure } from '../pool/block-hasher';
import { BLOCK_BYTES } from './layout';
import { slotTreeFromBlockRoots, type SlotTree } from './slot-tree';

/** Reads block `index` (0-based within the slot) of the dataset part of a slot: at most 64 KiB; shorter or empty reads as zero-padded. */
export type ReadSlotBlock = (index: number) => Promise<Uint8Array>;

/** Why a slot tree could not be built. */
export interface SlotTreeBuildFailure {
  readonly kind: 'read-failed' | 'invalid-block' | HashFailure['kind'];
  readonly message: string;
  /** The block concerned, when one is. */
  readonly blockIndex?: number;
}

/** What buildSlotTree needs. */
export interface BuildSlotTreeOptions {
  /** Blocks of the slot that come from the dataset (the rest are pad blocks), at least 1. */
  readonly dataBlocks: number;
  readonly readBlock: ReadSlotBlock;
  readonly hasher: BlockHasher;
  readonly signal?: AbortSignal;
  /**
   * Blocks per hashing job (default 4, 256 KiB): a running job is never pre-empted, so a proof that
   * overtakes the queue still waits for one batch on a busy worker; small batches keep that short.
   */
  readonly batchBlocks?: number;
  /** Hashing jobs in flight at once (default 8: enough to keep two workers busy while reading). */
  readonly jobsInFlight?: number;
}

/** Empty blocks read as 64 KiB of zeros; the pool answers them without hashing. */
const EMPTY = new Uint8Array(0);

/** The slot tree of a slot's stored blocks. */
export async function buildSlotTree(
  options: BuildSlotTreeOptions,
): Promise<{ ok: true; value: SlotTree } | { ok: false; error: SlotTreeBuildFailure }> {
  const { dataBlocks, readBlock, hasher } = options;
  const batch = options.batchBlocks ?? 4;
  const window = options.jobsInFlight ?? 8;
  if (!Number.isSafeInteger(dataBlocks) || dataBlocks < 1)
    return { ok: false, error: { kind: 'invalid-input', message: `a slot has at least one block, got ${dataBlocks}` } };
  // One controller stops every outstanding job when one of them fails or the caller aborts.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  const roots = new Uint8Array(dataBlocks * 32);
  const jobs: Promise<SlotTreeBuildFailure | undefined>[] = [];
  let failure: SlotTreeBuildFailure | undefined;
  const fail = (f: SlotTreeBuildFailure) => {
    failure ??= f;
    stop.abort();
  };
  try {
    for (let start = 0; start < dataBlocks && !failure; start += batch) {
      if (stop.signal.aborted) {
        fail({ ...abortedFailure() });
        break;
      }
      const count = Math.min(batch, dataBlocks - start);
      const blocks: Uint8Array[] = [];
      for (let i = start; i < start + count; i++) {
        let bytes: Uint8Array;
        try {
          bytes = await readBlock(i);
        } catch (error) {
          fail({
            kind: 'read-failed',
            message: `block ${i} could not be read: ${error instanceof Error ? error.message : String(error)}`,
            blockIndex: i,
          });
          break;
        }
        if (!(bytes instanceof Uint8Array) || bytes.length > BLOCK_BYTES) {
          fail({
            kind: 'invalid-block',
            message: `block ${i} has ${bytes?.length} bytes; a block has at most 65,536`,
            blockIndex: i,
          });
          break;
        }
        blocks.push(bytes.length === 0 ? EMPTY : bytes);
      }
      if (failure) break;
      jobs.push(
        hasher.blockRoots(blocks, stop.signal).then((result) => {
          if (result.ok) roots.set(result.value, start * 32);
          else fail(result.error);
          return result.ok ? undefined : result.error;
        }),
      );
      if (jobs.length >= window) await jobs.shift();
    }
    await Promise.all(jobs);
    if (failure) return { ok: false, error: failure };
    const zero = await hasher.blockRoots([EMPTY], stop.signal);
    if (!zero.ok) return { ok: false, error: zero.error };
    const tree = await slotTreeFromBlockRoots(roots, dataBlocks, zero.value, hasher, stop.signal);
    return tree.ok ? tree : { ok: false, error: tree.error };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
