// The whole Groth16 pipeline on the toy circuit: circom2 compile + small setup (cached), a proof
// from the worker prover, verified locally and by contracts/verifier/Groth16Verifier.sol on EDR.
import { join } from 'node:path';
import { Contract, ContractFactory, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BN254_BASE_FIELD,
  Groth16Prover,
  SNARK_SCALAR_FIELD,
  verifierConstructorArgs,
  type Groth16Proof,
  type ProveResult,
} from '../../../../src-main/proofs/groth16';
import { toyCircuit, toyInput } from '../../../support/toy-circuit';
import { compileSolidity, DEV_KEY, startChain, type LocalChain } from '../../../support/verifier-chain';

const root = join(import.meta.dirname, '..', '..', '..', '..');
let chain: LocalChain | undefined;
let verifier: Contract;
let factory: ContractFactory;
let proved: ProveResult;

beforeAll(async () => {
  const toy = await toyCircuit();
  const prover = new Groth16Prover();
  try {
    proved = await prover.prove(toyInput(), toy.files);
  } finally {
    await prover.close();
  }
  const { Groth16Verifier } = compileSolidity(join(root, 'contracts/verifier/Groth16Verifier.sol'));
  if (!Groth16Verifier) throw new Error('Groth16Verifier was not compiled');
  chain = await startChain();
  factory = new ContractFactory(Groth16Verifier.abi, Groth16Verifier.bytecode, new Wallet(DEV_KEY, chain.http));
  const deployed = await factory.deploy(...verifierConstructorArgs(toy.verificationKey));
  await deployed.waitForDeployment();
  verifier = new Contract(await deployed.getAddress(), Groth16Verifier.abi, chain.http);
});

afterAll(async () => {
  await chain?.stop();
});

const verify = (proof: Groth16Proof, signals: readonly bigint[]) => verifier.getFunction('verify')(proof, signals);

describe('Groth16 verifier contract with a worker-made proof', () => {
  it('accepts the proof for its public inputs [entropy, dataSetRoot, slotIndex]', async () => {
    expect(await verifier.getFunction('publicInputCount')()).toBe(3n);
    expect(await verify(proved.proof, proved.publicSignals)).toBe(true);
    const gas = await verifier.getFunction('verify').estimateGas(proved.proof, proved.publicSignals);
    console.log(`Groth16Verifier.verify: ${gas} gas`);
  });

  it('rejects the proof when any public input changes', async () => {
    for (let i = 0; i < 3; i++) {
      const changed = proved.publicSignals.map((s, j) => (j === i ? s + 1n : s));
      expect(await verify(proved.proof, changed)).toBe(false);
    }
  });

  it('returns false, not a revert, for inputs at or above r and for the wrong number of inputs', async () => {
    const [entropy, root, slot] = proved.publicSignals as [bigint, bigint, bigint];
    expect(await verify(proved.proof, [entropy + SNARK_SCALAR_FIELD, root, slot])).toBe(false);
    expect(await verify(proved.proof, [entropy, root])).toBe(false);
    expect(await verify(proved.proof, [entropy, root, slot, 0n])).toBe(false);
    expect(await verify(proved.proof, [])).toBe(false);
  });

  it('returns false for malformed proofs: points off the curve, coordinates out of the field, B swapped', async () => {
    const { a, b, c } = proved.proof;
    const signals = proved.publicSignals;
    expect(await verify({ a: { x: a.x, y: a.y + 1n }, b, c }, signals)).toBe(false);
    expect(await verify({ a, b, c: { x: 0n, y: 0n } }, signals)).toBe(false);
    expect(await verify({ a, b: { ...b, x: { real: b.x.real + BN254_BASE_FIELD, imag: b.x.imag } }, c }, signals)).toBe(
      false,
    );
    const swapped = { x: { real: b.x.imag, imag: b.x.real }, y: { real: b.y.imag, imag: b.y.real } };
    expect(await verify({ a, b: swapped, c }, signals)).toBe(false);
    expect(await verify({ a, b: { x: b.x, y: { real: b.y.real + 1n, imag: b.y.imag } }, c }, signals)).toBe(false);
  });

  it('refuses to deploy a verifying key without IC points or with a point off the curve', async () => {
    const [alpha, beta, gamma, delta, ic] = verifierConstructorArgs((await toyCircuit()).verificationKey);
    const signer = factory.runner as Wallet;
    for (const args of [
      [alpha, beta, gamma, delta, []],
      [{ x: alpha.x, y: alpha.y + 1n }, beta, gamma, delta, ic],
    ] as const) {
      const tx = await factory.getDeployTransaction(...args);
      const e = (await signer.call(tx).then(
        () => undefined,
        (err: unknown) => err,
      )) as { data?: string } | undefined;
      expect(e?.data && factory.interface.parseError(e.data)?.name).toBe('Groth16Verifier_InvalidKey');
    }
  });
});
