// The baseline of the sales benchmark: the work a host cannot avoid, with no engine around. Every
// slot the clients posted is written to a repo and onboarded (slot tree built, checked against the
// manifest's root and stored beside the data); then as many proofs as the engine built are built
// from those trees and checked by the circuit's statement, as the simulated market checks them.
import { keccak256, toBeHex } from 'ethers';
import type { RequestId } from '../src-main/engine/index';
import { contentBlock, datasetShape, type MarketSimulator } from '../src-main/market/index';
import {
  buildCircuitInput,
  bytesFromHex,
  CODEX_STATEMENT_SCHEME,
  circuitInputToJson,
  createPoseidon2Wasm,
  entropyFromChallenge,
  fieldFromBytes,
  type HashPool,
  loadSlotTree,
  marketPublicInputs,
  onboardSlot,
  repoTreeStorage,
  verifyCodexStatementProof,
  wasmStatementHasher,
} from '../src-main/proofs/codex/index';
import { openStorage } from '../src-main/storage/open-storage';

const BLOCK = 65_536;
/** Slots or proofs in flight at once: enough to keep every worker of the pool busy. */
const AT_ONCE = 4;

interface BaselineSlot {
  readonly key: string;
  readonly requestId: RequestId;
  readonly slotIndex: number;
}

/** Runs `count` jobs, AT_ONCE at a time. */
async function each(count: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) await job(i);
  };
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
}

/** The baseline's repo, holding the posted slots once `onboard` ran. */
export class SalesBaseline {
  private readonly storage;
  private readonly slots: BaselineSlot[];

  constructor(
    dir: string,
    private readonly sim: MarketSimulator,
    requests: readonly RequestId[],
    slotsPerRequest: number,
    private readonly pool: HashPool,
  ) {
    this.storage = openStorage({ dataDir: dir, quotaMaxBytes: 1n << 42n });
    this.slots = requests.flatMap((requestId, r) =>
      Array.from({ length: slotsPerRequest }, (_, slotIndex) => ({
        key: '0x' + (r * slotsPerRequest + slotIndex).toString(16).padStart(64, '0'),
        requestId,
        slotIndex,
      })),
    );
  }

  /** Writes and onboards every slot; returns the wall milliseconds. */
  async onboard(): Promise<number> {
    const started = performance.now();
    await each(this.slots.length, async (i) => {
      const { key, requestId, slotIndex } = this.slots[i]!;
      const request = this.sim.state.requests.get(requestId)!.request;
      const layout = datasetShape(request);
      if (!layout.ok) throw new Error(layout.message);
      for (let b = 0; b < layout.shape.dataBlocks; b++)
        await this.storage.repo.writeSlotData(
          key,
          b * BLOCK,
          contentBlock(this.sim.chainSeed, request, layout.shape, slotIndex, b),
        );
      const slotRoots = (await this.sim.content.slotRoots(requestId)).map((root) => {
        const value = fieldFromBytes(root);
        if (!value.ok) throw new Error(value.message);
        return value.value;
      });
      const onboarded = await onboardSlot({
        dataBlocks: layout.shape.slotBlocks,
        readBlock: (b) => this.storage.repo.readSlotData(key, b * BLOCK, BLOCK),
        hasher: this.pool,
        slotIndex,
        slotRoots,
        storage: repoTreeStorage(this.storage.repo, key),
      });
      if (!onboarded.ok) throw new Error(onboarded.error.message);
    });
    return performance.now() - started;
  }

  /** Builds `count` proofs from the stored trees, slot after slot, and checks each; returns the wall milliseconds. */
  async prove(count: number): Promise<number> {
    const statementHasher = wasmStatementHasher(createPoseidon2Wasm());
    const started = performance.now();
    await each(count, async (i) => {
      const { key, requestId, slotIndex } = this.slots[i % this.slots.length]!;
      const challenge = keccak256(toBeHex(i, 32));
      const stored = await loadSlotTree(repoTreeStorage(this.storage.repo, key));
      if (!stored.ok) throw new Error(stored.error.message);
      const input = await buildCircuitInput({
        stored: stored.value,
        entropy: entropyFromChallenge(bytesFromHex(challenge, 32)!),
        readBlock: (b) => this.storage.repo.readSlotData(key, b * BLOCK, BLOCK),
        hasher: this.pool,
      });
      if (!input.ok) throw new Error(input.error.message);
      const json = circuitInputToJson(input.value);
      const proof = {
        scheme: CODEX_STATEMENT_SCHEME,
        input: json,
        publicInputs: [json.entropy, json.dataSetRoot, String(slotIndex)],
      };
      const merkleRoot = this.sim.state.requests.get(requestId)!.request.content.merkleRoot;
      const inputs = marketPublicInputs(challenge, merkleRoot, BigInt(slotIndex));
      if (!inputs || !verifyCodexStatementProof(proof, inputs, statementHasher).ok) throw new Error('invalid proof');
    });
    return performance.now() - started;
  }

  close(): void {
    this.storage.close();
  }
}
