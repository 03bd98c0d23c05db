// CodexGroth16ProofSystem end to end on a real EDR devnet: the Marketplace with Groth16Verifier and
// the devnet circuit's key, a Codex dataset whose slot is stored through the Repo, a proof for the
// contract's current challenge filled and submitted through the chain adapter; and proofs refused
// by the host before any proving when the stored data or the slot is not what the chain will check.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, hexlify, randomBytes, Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProvableSlot, StorageRequest } from '../../../../src-main/engine/index';
import { MARKETPLACE_ABI, TOKEN_ABI } from '../../../../src-main/market/chain/abi';
import { requestToTuple } from '../../../../src-main/market/chain/codec';
import { connectChain } from '../../../../src-main/market/chain/connect';
import { groth16Tuple } from '../../../../src-main/market/chain/proof';
import type { ChainSession } from '../../../../src-main/market/chain/session';
import { devnetChainTimings } from '../../../../src-main/market/chain/timings';
import { type Devnet, startDevnet } from '../../../../src-main/market/devnet/devnet';
import { requestIdOf } from '../../../../src-main/market/ids';
import { makeConfig, testConfig } from '../../../../src-main/market/sim/config';
import type { DevnetCircuit } from '../../../../src-main/proofs/circuits';
import {
  bytesFromHex,
  cellIndices,
  createGroth16ProofSystem,
  datasetRoot,
  entropyFromChallenge,
  fieldToBytes,
  fileSlotTreeStorage,
  HashPool,
  merkleRootBytes,
  ProofSelfCheckError,
  buildSlotTree,
  slotRoot,
  type CodexGroth16ProofSystem,
} from '../../../../src-main/proofs/codex';
import { Groth16Prover, verifierConstructorArgs } from '../../../../src-main/proofs/groth16';
import { RecordingLogger } from '../../market/chain/fixture';
import { devnetCircuit } from '../../../support/devnet-circuit';
import { openTestStorage, type TestStorage } from '../../../fakes/test-db';

const BLOCK = 65536;
const SLOT_BLOCKS = 4;
const slotSize = BigInt(SLOT_BLOCKS * BLOCK);
const signal = new AbortController().signal;

const pool = new HashPool({ size: 2 });
const prover = new Groth16Prover({ idleMs: 60_000 });
let circuit: DevnetCircuit;
let devnet: Devnet;
let session: ChainSession;
let root: string;

// Two slots of three blocks less 1000 bytes each (the fourth block is padding).
const slots = [0, 1].map((s) => new Uint8Array(3 * BLOCK - 1000).map((_, i) => (i * (s + 5) + (i >> 12)) & 0xff));
let slotRoots: bigint[];
let merkleRoot: string;

beforeAll(async () => {
  circuit = await devnetCircuit();
  slotRoots = [];
  for (const data of slots) {
    const tree = await buildSlotTree({
      dataBlocks: SLOT_BLOCKS,
      readBlock: async (i) => data.subarray(i * BLOCK, (i + 1) * BLOCK),
      hasher: pool,
    });
    if (!tree.ok) throw new Error(tree.error.message);
    slotRoots.push(slotRoot(tree.value));
  }
  merkleRoot = hexlify(merkleRootBytes(datasetRoot(slotRoots)));
  // Long periods: a proof must not cross into the next period between reading the challenge and sending it.
  devnet = await startDevnet({
    config: makeConfig(testConfig, { proofs: { period: 3_600, downtime: 0, zkeyHash: circuit.zkeyHash } }),
    accounts: 3,
    verifier: { kind: 'contract', name: 'Groth16Verifier', args: verifierConstructorArgs(circuit.verificationKey) },
  });
  root = mkdtempSync(join(tmpdir(), 'slotkeeper-groth16-system-'));
  const keyFile = join(root, 'host.key');
  writeFileSync(keyFile, devnet.accounts[1]!.privateKey);
  chmodSync(keyFile, 0o600);
  const connected = await connectChain(
    {
      rpcUrl: devnet.httpUrl,
      wsUrl: devnet.wsUrl,
      marketplace: devnet.addresses.marketplace,
      signer: { kind: 'private-key', file: keyFile },
      confirmations: 1,
    },
    { dataDir: root, logger: new RecordingLogger(), timings: devnetChainTimings },
  );
  if (!connected.ok) throw new Error(connected.message);
  session = connected.session;
}, 180_000);

afterAll(async () => {
  await prover.close();
  await pool.close();
  await session?.close();
  await devnet?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

let t: TestStorage;
let proves: number;
let proofs: CodexGroth16ProofSystem;
beforeEach(() => {
  t = openTestStorage();
  proves = 0;
  // The real prover, counted: a refused proof must never reach it.
  const counted = {
    prove: (...args: Parameters<Groth16Prover['prove']>) => (proves++, prover.prove(...args)),
  } as Groth16Prover;
  proofs = createGroth16ProofSystem({
    repo: t.repo,
    hashPool: pool,
    treeStorage: (key) => fileSlotTreeStorage(join(t.dataDir, `${key}.tree`)),
    slotRoots: async () => slotRoots.map(fieldToBytes),
    prover: counted,
    dataDir: t.dataDir,
    zkeyHash: circuit.zkeyHash,
    circuitDir: circuit.dir,
  });
});
afterEach(async () => {
  await proofs.close();
  t.dispose();
});

function storageRequest(): StorageRequest {
  return {
    client: devnet.accounts[2]!.address.toLowerCase(),
    ask: {
      proofProbability: 1n,
      pricePerBytePerSecond: 1n,
      collateralPerByte: 1n,
      slots: 2n,
      slotSize,
      duration: 7_200n,
      maxSlotLoss: 0n,
    },
    content: { cid: hexlify(randomBytes(38)), merkleRoot },
    expiry: 3_000n,
    nonce: hexlify(randomBytes(32)),
  };
}

async function post(request: StorageRequest): Promise<string> {
  const client = new Wallet(devnet.accounts[2]!.privateKey, devnet.provider);
  const { ask } = request;
  const price = ask.slots * ask.duration * ask.pricePerBytePerSecond * ask.slotSize;
  const token = new Contract(devnet.addresses.token, TOKEN_ABI, client);
  await (await token.getFunction('approve')(devnet.addresses.marketplace, price)).wait();
  const market = new Contract(devnet.addresses.marketplace, MARKETPLACE_ABI, client);
  await (await market.getFunction('requestStorage')(requestToTuple(request))).wait();
  return requestIdOf(request);
}

/** Slot `index`'s data written through the Repo and verified (its tree kept beside it). */
async function stored(request: StorageRequest, requestId: string, index: number): Promise<ProvableSlot> {
  const dataKey = `0x${(index + 1).toString(16).padStart(64, '0')}`;
  await t.repo.writeSlotData(dataKey, 0, slots[index]!);
  const slot: ProvableSlot = {
    requestId,
    request,
    slotIndex: BigInt(index),
    slotId: session.market.slotId(requestId, BigInt(index)),
    dataKey,
  };
  const verifyRoot = bytesFromHex(merkleRoot, 32)!;
  await proofs.verifySlot(slot, { slotRoots: slotRoots.map(fieldToBytes), verifyRoot }, signal);
  return slot;
}

/** The challenge of `slotId`, read where it stays the same for the next few blocks. */
async function challengeOf(slotId: string): Promise<string> {
  while ((await session.market.getPointer(slotId)) > 240) await devnet.controls.mine();
  return session.market.getChallenge(slotId);
}

describe('CodexGroth16ProofSystem on a devnet with the Groth16 verifier', () => {
  it('is ready with the devnet circuit, fills a slot with a proof of its stored data, and proves again next period', async () => {
    expect(await proofs.readiness()).toEqual({ ready: true });
    const request = storageRequest();
    const id = await post(request);
    const slot = await stored(request, id, 1);
    await session.market.reserveSlot(id, 1n);
    const proof = await proofs.prove(slot, await challengeOf(slot.slotId), signal);
    expect(proof.scheme).toBe('groth16');
    // The tuple the adapter sends is the proof's coordinates, in the contract's struct order.
    expect(groth16Tuple(proof)).toEqual([
      [proof.a.x, proof.a.y],
      [
        [proof.b.x.real, proof.b.x.imag],
        [proof.b.y.real, proof.b.y.imag],
      ],
      [proof.c.x, proof.c.y],
    ]);
    expect(proof.timings.totalMs).toBeGreaterThanOrEqual(proof.timings.proveMs + proof.timings.inputMs);
    await session.market.fillSlot(id, 1n, proof, request.ask.collateralPerByte * slotSize);
    expect(await session.market.slotState(slot.slotId)).toBe('Filled');

    // The other slot too, so the request starts; then a proof for the next period's challenge.
    const other = await stored(request, id, 0);
    await session.market.reserveSlot(id, 0n);
    await session.market.fillSlot(id, 0n, await proofs.prove(other, await challengeOf(other.slotId), signal), slotSize);
    await devnet.controls.increaseTime(3_600);
    await devnet.controls.mine();
    await session.market.submitProof(slot.slotId, await proofs.prove(slot, await challengeOf(slot.slotId), signal));
    expect(proves).toBe(3);
    // The all-zero proof of --simulate-proof-failures is refused by the verifier.
    await expect(session.market.submitProof(other.slotId, proofs.invalidProof())).rejects.toMatchObject({
      code: 'Proofs_InvalidProof',
    });
  });

  it('refuses, before proving, a request whose merkleRoot is another dataset’s (the devnet circuit would not notice)', async () => {
    const request = storageRequest();
    const slot = await stored(request, requestIdOf(request), 1);
    const otherRoot = hexlify(merkleRootBytes(datasetRoot([slotRoots[1]!, slotRoots[0]!])));
    const elsewhere = { ...slot, request: { ...request, content: { ...request.content, merkleRoot: otherRoot } } };
    const refused = await proofs.prove(elsewhere, '0x' + '5a'.repeat(32), signal).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProofSelfCheckError);
    expect((refused as ProofSelfCheckError).failure.check).toBe('public-inputs');
    expect(proves).toBe(0);
  });

  it('refuses, before proving, a slot index that is not the stored slot’s and a sampled cell that changed on disk', async () => {
    const request = storageRequest();
    const id = requestIdOf(request);
    const slot = await stored(request, id, 1);
    await expect(proofs.prove({ ...slot, slotIndex: 0n }, '0x' + '5a'.repeat(32), signal)).rejects.toThrow(
      /slot 0.*rejected/i,
    );

    const challenge = '0x' + '5a'.repeat(32);
    const entropy = entropyFromChallenge(bytesFromHex(challenge, 32)!);
    const sampled = cellIndices(entropy, slotRoots[1]!, SLOT_BLOCKS * 32).filter((cell) => cell < 3 * 32 - 1);
    expect(sampled.length).toBeGreaterThan(0);
    const flipped = slots[1]!.slice(sampled[0]! * 2048, sampled[0]! * 2048 + 1).map((b) => b ^ 0xff);
    await t.repo.writeSlotData(slot.dataKey, sampled[0]! * 2048, flipped);
    await expect(proofs.prove(slot, challenge, signal)).rejects.toThrow(/cannot be proven/);
    expect(proves).toBe(0);
  });
});
