// The whole on-chain proof path with a real pairing check: the devnet deploys Groth16Verifier with
// the toy circuit's verifying key (the toy circuit has Codex's public inputs), the host reads the
// slot's challenge at the pending block, proves [le2be(challenge with its last byte cleared),
// le2be(merkleRoot), slotIndex] with the worker prover, and fills through the adapter; a proof for
// another challenge is refused by the Marketplace with Proofs_InvalidProof.
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, getBytes, hexlify, randomBytes, toBeHex, toBigInt, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageRequest } from '../../../../src-main/engine/index';
import { MARKETPLACE_ABI, TOKEN_ABI } from '../../../../src-main/market/chain/abi';
import { requestToTuple } from '../../../../src-main/market/chain/codec';
import { connectChain } from '../../../../src-main/market/chain/connect';
import type { ChainSession } from '../../../../src-main/market/chain/session';
import { devnetChainTimings } from '../../../../src-main/market/chain/timings';
import { type Devnet, startDevnet } from '../../../../src-main/market/devnet/devnet';
import { requestIdOf } from '../../../../src-main/market/ids';
import { makeConfig, testConfig } from '../../../../src-main/market/sim/config';
import { Groth16Prover, verifierConstructorArgs } from '../../../../src-main/proofs/groth16';
import { type ToyCircuit, toyCircuit, toyInput } from '../../../support/toy-circuit';
import { RecordingLogger } from './fixture';

let devnet: Devnet;
let session: ChainSession;
let toy: ToyCircuit;
let dir: string;
const prover = new Groth16Prover();

beforeAll(async () => {
  toy = await toyCircuit();
  // Long periods: proving must not cross into the next period between reading the challenge and the fill.
  devnet = await startDevnet({
    config: makeConfig(testConfig, { proofs: { period: 3_600, downtime: 0 } }),
    accounts: 3,
    verifier: { kind: 'contract', name: 'Groth16Verifier', args: verifierConstructorArgs(toy.verificationKey) },
  });
  dir = mkdtempSync(join(tmpdir(), 'slotkeeper-groth16-'));
  const keyFile = join(dir, 'host.key');
  writeFileSync(keyFile, devnet.accounts[1]!.privateKey);
  chmodSync(keyFile, 0o600);
  const result = await connectChain(
    {
      rpcUrl: devnet.httpUrl,
      wsUrl: devnet.wsUrl,
      marketplace: devnet.addresses.marketplace,
      signer: { kind: 'private-key', file: keyFile },
      confirmations: 1,
    },
    { dataDir: dir, logger: new RecordingLogger(), timings: devnetChainTimings },
  );
  if (!result.ok) throw new Error(result.message);
  session = result.session;
}, 120_000);

afterAll(async () => {
  await prover.close();
  await session?.close();
  await devnet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The 32 bytes whose little-endian reading is `value`. */
const littleEndianBytes = (value: bigint) => hexlify(getBytes(toBeHex(value, 32)).reverse());
const littleEndian = (hex: string) => toBigInt(getBytes(hex).reverse());

async function postWithRoot(dataSetRoot: bigint): Promise<string> {
  const client = new Wallet(devnet.accounts[2]!.privateKey, devnet.provider);
  const request: StorageRequest = {
    client: client.address.toLowerCase(),
    ask: {
      proofProbability: 1n,
      pricePerBytePerSecond: 1n,
      collateralPerByte: 1n,
      slots: 4n,
      slotSize: 1024n,
      duration: 7_200n,
      maxSlotLoss: 0n,
    },
    content: { cid: hexlify(randomBytes(38)), merkleRoot: littleEndianBytes(dataSetRoot) },
    expiry: 3_000n,
    nonce: hexlify(randomBytes(32)),
  };
  await (
    await new Contract(devnet.addresses.token, TOKEN_ABI, client).getFunction('approve')(
      devnet.addresses.marketplace,
      10n ** 18n,
    )
  ).wait();
  await (
    await new Contract(devnet.addresses.marketplace, MARKETPLACE_ABI, client).getFunction('requestStorage')(
      requestToTuple(request),
    )
  ).wait();
  return requestIdOf(request);
}

async function proveFor(slotIndex: number, entropy: bigint) {
  const input = toyInput(entropy, slotIndex);
  const { proof } = await prover.prove(input, toy.files);
  return { scheme: 'groth16' as const, ...proof, dataSetRoot: BigInt(input.dataSetRoot as string) };
}

describe('filling a slot with a real Groth16 proof', () => {
  it('succeeds for the slot’s challenge and fails for any other', async () => {
    const slotIndex = 3;
    const dataSetRoot = BigInt(toyInput(1n, slotIndex).dataSetRoot as string);
    const id = await postWithRoot(dataSetRoot);
    const slotId = session.market.slotId(id, BigInt(slotIndex));
    await session.market.reserveSlot(id, BigInt(slotIndex));
    // The challenge stays the same until the pointer wraps: keep the wrap out of the next blocks.
    while ((await session.market.getPointer(slotId)) > 240) await devnet.controls.mine();
    const challenge = await session.market.getChallenge(slotId);
    const entropy = littleEndian(challenge.slice(0, -2) + '00');

    const wrong = await proveFor(slotIndex, entropy + 1n);
    await expect(session.market.fillSlot(id, BigInt(slotIndex), wrong, 1024n)).rejects.toMatchObject({
      code: 'Proofs_InvalidProof',
    });

    const right = await proveFor(slotIndex, entropy);
    expect(right.dataSetRoot).toBe(dataSetRoot);
    await session.market.fillSlot(id, BigInt(slotIndex), right, 1024n);
    expect(await session.market.slotState(slotId)).toBe('Filled');
    expect(await session.market.getHost(id, BigInt(slotIndex))).toBe(session.address);
  });
});
