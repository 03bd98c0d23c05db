// What simulated clients store and serve: each slot's bytes are an AES-256-CTR keystream keyed by
// (chain seed, request nonce, slot index), so any byte range is reproducible at any time without
// being kept anywhere, and the slot roots follow from the bytes like a real manifest's.
import { createCipheriv } from 'node:crypto';
import { concat, getBytes, hexlify, keccak256, toBeHex } from 'ethers';
import {
  BLOCK_SIZE,
  type BlockSink,
  ContentUnavailableError,
  type RequestId,
  type SlotDataset,
  type SlotDataSource,
  type StorageRequest,
  type WantedSlot,
} from '../../engine/index';
import {
  datasetRoot,
  defaultProofParams,
  type ProofParams,
  type SlotTree,
  SlotTreeBuilder,
} from '../../proofs/sha256-merkle/index';

/** The AES key of one slot's content. */
export function contentKey(chainSeed: string, nonce: string, slotIndex: bigint): Uint8Array {
  return getBytes(keccak256(concat([chainSeed, nonce, toBeHex(slotIndex, 32)])));
}

/** `length` bytes of the slot's content from `offset` (the caller clips to the slot size). */
export function contentBytes(key: Uint8Array, offset: bigint, length: number): Uint8Array {
  const block = offset / 16n;
  const skip = Number(offset % 16n);
  const iv = getBytes(toBeHex(block, 16));
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  const out = cipher.update(new Uint8Array(length + skip));
  return new Uint8Array(out.buffer, out.byteOffset + skip, length);
}

/** The cell tree of a slot's generated content, hashed in 1 MiB batches. */
export function contentTree(key: Uint8Array, slotSize: bigint, params: ProofParams = defaultProofParams): SlotTree {
  const builder = new SlotTreeBuilder(params);
  const batch = 1n << 20n;
  for (let offset = 0n; offset < slotSize; offset += batch) {
    const n = slotSize - offset < batch ? slotSize - offset : batch;
    builder.append(contentBytes(key, offset, Number(n)));
  }
  return builder.finish();
}

/** Slot roots and content root of a request whose content is generated from its nonce. */
export function contentRoots(
  chainSeed: string,
  nonce: string,
  slots: bigint,
  slotSize: bigint,
  params: ProofParams = defaultProofParams,
): { slotRoots: Uint8Array[]; merkleRoot: string } {
  const slotRoots: Uint8Array[] = [];
  for (let i = 0n; i < slots; i++) slotRoots.push(contentTree(contentKey(chainSeed, nonce, i), slotSize, params).root);
  return { slotRoots, merkleRoot: hexlify(datasetRoot(slotRoots)) };
}

/**
 * Serves the content of requests posted by simulated clients in process: the host downloads through
 * it (an in-process shortcut for the embedded market; no network involved).
 */
export class ContentServer implements SlotDataSource {
  readonly canRepair = true;
  private readonly roots = new Map<RequestId, Uint8Array[]>();
  /** Test hook: requests whose content cannot be fetched. */
  readonly unavailable = new Set<RequestId>();

  constructor(
    private readonly chainSeed: string,
    private readonly lookup: (requestId: RequestId) => StorageRequest | undefined,
    private readonly serves: (request: StorageRequest) => boolean,
    private readonly params: ProofParams = defaultProofParams,
  ) {}

  async dataset(slot: WantedSlot): Promise<SlotDataset> {
    const { requestId, slotIndex } = slot;
    const request = this.served(requestId);
    const { slotSize, slots } = request.ask;
    if (slotIndex < 0n || slotIndex >= slots)
      throw new ContentUnavailableError(requestId, `it has no slot ${slotIndex}`);
    const slotRoots = await this.slotRoots(requestId);
    const blockCount = Number((slotSize + BigInt(BLOCK_SIZE) - 1n) / BigInt(BLOCK_SIZE));
    const key = contentKey(this.chainSeed, request.nonce, slotIndex);
    return {
      slotRoots,
      verifyRoot: datasetRoot(slotRoots),
      blockCount,
      fetchBlocks: async (indices: readonly number[], sink: BlockSink, signal: AbortSignal) => {
        for (const index of indices) {
          signal.throwIfAborted();
          this.served(requestId);
          const offset = BigInt(index) * BigInt(BLOCK_SIZE);
          const length = slotSize - offset < BigInt(BLOCK_SIZE) ? Number(slotSize - offset) : BLOCK_SIZE;
          await sink.put(index, contentBytes(key, offset, length));
        }
      },
    };
  }

  /** The slot roots of every slot of the request, in slot order. */
  async slotRoots(requestId: RequestId): Promise<Uint8Array[]> {
    const request = this.served(requestId);
    let roots = this.roots.get(requestId);
    if (!roots) {
      const { slots, slotSize } = request.ask;
      roots = contentRoots(this.chainSeed, request.nonce, slots, slotSize, this.params).slotRoots;
      if (this.roots.size > 64) this.roots.delete(this.roots.keys().next().value!);
      this.roots.set(requestId, roots);
    }
    return roots;
  }

  /** Remember roots a client already computed when posting. */
  remember(requestId: RequestId, slotRoots: Uint8Array[]): void {
    this.roots.set(requestId, slotRoots);
  }

  private served(requestId: RequestId): StorageRequest {
    if (this.unavailable.has(requestId)) throw new ContentUnavailableError(requestId, 'the client stopped serving it');
    const request = this.lookup(requestId);
    if (!request) throw new ContentUnavailableError(requestId, 'no such request on the market');
    if (!this.serves(request)) throw new ContentUnavailableError(requestId, 'no simulated client serves it');
    return request;
  }
}
