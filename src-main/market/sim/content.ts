// What simulated clients store and serve: each slot's bytes are an AES-256-CTR keystream keyed by
// (chain seed, request nonce, slot index), so any byte range is reproducible at any time without
// being kept anywhere, and the slot roots follow from the bytes like a real manifest's.
import { createCipheriv } from 'node:crypto';
import { concat, getBytes, hexlify, keccak256, toBeHex } from 'ethers';
import {
  ContentUnavailableError,
  datasetRoot,
  defaultProofParams,
  type ProofParams,
  type RequestId,
  type SlotDataSource,
  type SlotTree,
  SlotTreeBuilder,
  type StorageRequest,
} from '../../engine/index';
import { nodeSha256 } from './hash';

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
  const builder = new SlotTreeBuilder(params, nodeSha256);
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
  return { slotRoots, merkleRoot: hexlify(datasetRoot(slotRoots, nodeSha256)) };
}

/** Serves the content of requests posted by simulated clients: the host downloads through it. */
export class ContentServer implements SlotDataSource {
  private readonly roots = new Map<RequestId, Uint8Array[]>();
  /** Test hook: requests whose content cannot be fetched. */
  readonly unavailable = new Set<RequestId>();

  constructor(
    private readonly chainSeed: string,
    private readonly lookup: (requestId: RequestId) => StorageRequest | undefined,
    private readonly serves: (request: StorageRequest) => boolean,
    private readonly params: ProofParams = defaultProofParams,
  ) {}

  async fetchSlotRoots(requestId: RequestId): Promise<Uint8Array[]> {
    const request = this.served(requestId);
    let roots = this.roots.get(requestId);
    if (!roots) {
      roots = contentRoots(
        this.chainSeed,
        request.nonce,
        request.ask.slots,
        request.ask.slotSize,
        this.params,
      ).slotRoots;
      if (this.roots.size > 64) this.roots.delete(this.roots.keys().next().value!);
      this.roots.set(requestId, roots);
    }
    return roots;
  }

  async fetchSlotData(requestId: RequestId, slotIndex: bigint, offset: bigint, length: number): Promise<Uint8Array> {
    const request = this.served(requestId);
    const { slotSize, slots } = request.ask;
    if (slotIndex < 0n || slotIndex >= slots) throw new RangeError(`request ${requestId} has no slot ${slotIndex}`);
    if (offset < 0n || offset > slotSize || length < 0)
      throw new RangeError(`bad range ${offset}+${length} of a ${slotSize}-byte slot`);
    const n = slotSize - offset < BigInt(length) ? Number(slotSize - offset) : length;
    return contentBytes(contentKey(this.chainSeed, request.nonce, slotIndex), offset, n);
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
