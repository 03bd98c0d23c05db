// A stand-in proof system and data source for engine tests that are not about proofs: the data
// source serves deterministic bytes per slot from memory, and the proof system "verifies" a slot by
// checking its stored length and proves by naming the challenge. Tests that are about proofs use a
// real proof system (src-main/proofs/).
import {
  BLOCK_SIZE,
  ContentUnavailableError,
  type DatasetRoots,
  type Proof,
  type ProofChallenge,
  type ProofPurpose,
  type ProofReadiness,
  type ProofSystem,
  type ProvableSlot,
  type Repo,
  type RequestId,
  SlotDataRejectedError,
  type SlotDataset,
  type SlotDataSource,
  type StorageRequest,
  type WantedSlot,
} from '../../src-main/engine/index';

/** The proof the fake system makes: which challenge it answers. */
export interface FakeProof extends Proof {
  readonly scheme: 'fake';
  readonly challenge: ProofChallenge;
  readonly valid: boolean;
}

/** A proof with nothing in it. */
export function emptyProof(): FakeProof {
  return { scheme: 'fake', challenge: '0x', valid: true };
}

/** Roots the fake dataset commits to: one zero-filled root per slot. */
export function fakeRoots(slots: bigint): DatasetRoots {
  return { slotRoots: Array.from({ length: Number(slots) }, () => new Uint8Array(32)), verifyRoot: new Uint8Array(32) };
}

/** Deterministic bytes of block `index` of a slot. */
export function fakeBlock(slotIndex: bigint, index: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i + index * 7 + Number(slotIndex) * 13) & 0xff);
}

/** Serves every request's slots from memory; `unavailable` requests fail like a vanished client. */
export class FakeDataSource implements SlotDataSource {
  readonly canRepair = true;
  readonly unavailable = new Set<RequestId>();
  readonly fetched: { requestId: RequestId; slotIndex: bigint; blocks: number }[] = [];

  async dataset(slot: WantedSlot): Promise<SlotDataset> {
    if (this.unavailable.has(slot.requestId))
      throw new ContentUnavailableError(slot.requestId, 'the fake client is gone');
    const size = slot.request.ask.slotSize;
    const blockCount = Number((size + BigInt(BLOCK_SIZE) - 1n) / BigInt(BLOCK_SIZE));
    return {
      ...fakeRoots(slot.request.ask.slots),
      blockCount,
      fetchBlocks: async (indices, sink, signal) => {
        for (const index of indices) {
          signal.throwIfAborted();
          const offset = BigInt(index * BLOCK_SIZE);
          const length = size - offset < BigInt(BLOCK_SIZE) ? Number(size - offset) : BLOCK_SIZE;
          await sink.put(index, fakeBlock(slot.slotIndex, index, length));
        }
        this.fetched.push({ requestId: slot.requestId, slotIndex: slot.slotIndex, blocks: indices.length });
      },
    };
  }
}

/** Accepts any dataset, checks that a slot is stored whole, proves by naming the challenge. */
export class FakeProofSystem implements ProofSystem {
  readonly scheme = 'fake';
  readonly proved: { slot: ProvableSlot; challenge: ProofChallenge; purpose: ProofPurpose | undefined }[] = [];
  readonly forgotten: string[] = [];

  constructor(private readonly repo: Pick<Repo, 'slotDataSize'>) {}

  async readiness(): Promise<ProofReadiness> {
    return { ready: true };
  }
  async checkDataset(request: StorageRequest, dataset: DatasetRoots): Promise<void> {
    if (BigInt(dataset.slotRoots.length) !== request.ask.slots) throw new SlotDataRejectedError(0n, 'wrong slot count');
  }
  async verifySlot(slot: ProvableSlot): Promise<void> {
    const stored = this.repo.slotDataSize(slot.dataKey);
    if (stored !== slot.request.ask.slotSize) {
      throw new SlotDataRejectedError(slot.slotIndex, `${stored} of ${slot.request.ask.slotSize} bytes stored`);
    }
  }
  async prove(
    slot: ProvableSlot,
    challenge: ProofChallenge,
    _signal?: AbortSignal,
    purpose?: ProofPurpose,
  ): Promise<FakeProof> {
    this.proved.push({ slot, challenge, purpose });
    return { scheme: 'fake', challenge, valid: true };
  }
  invalidProof(): FakeProof {
    return { scheme: 'fake', challenge: '0x', valid: false };
  }
  async forget(dataKey: string): Promise<void> {
    this.forgotten.push(dataKey);
  }
}
