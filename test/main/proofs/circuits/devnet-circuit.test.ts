// The devnet circuit takes Codex's circuit input unchanged and proves its cheap facts; what it does
// not check (the Merkle paths, the cells' hashes) is shown here too, because that is why the host
// checks the storage statement itself before every proof.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevnetCircuitError, loadDevnetCircuit, type DevnetCircuit } from '../../../../src-main/proofs/circuits';
import { Groth16Prover, isGroth16Error, toSnarkjsProof, type CircuitInput } from '../../../../src-main/proofs/groth16';
import { devnetCircuit } from '../../../support/devnet-circuit';

type Fixture = {
  entropy: string;
  dataSetRoot: string;
  slotIndex: number;
  nCellsPerSlot: number;
  nSlotsPerDataSet: number;
  cellData: string[][];
  merklePaths: string[][];
};
const fixturePath = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'codex-circuit-input.json');

let circuit: DevnetCircuit;
let fixture: Fixture;
const prover = new Groth16Prover({ idleMs: 60_000 });

beforeAll(async () => {
  circuit = await devnetCircuit();
  fixture = JSON.parse(await readFile(fixturePath, 'utf8')) as Fixture;
}, 180_000);
afterAll(() => prover.close());

const changed = (change: (input: Fixture) => void): CircuitInput => {
  const copy = structuredClone(fixture);
  change(copy);
  return copy as unknown as CircuitInput;
};

async function unsatisfied(input: CircuitInput): Promise<boolean> {
  return prover.prove(input, circuit.files).then(
    () => false,
    (e: unknown) => isGroth16Error(e, 'unsatisfied'),
  );
}

describe('the devnet circuit', () => {
  it('is built with Codex file names, three public inputs and its zkey hash as zkeyHash', async () => {
    expect(circuit.verificationKey).toMatchObject({ protocol: 'groth16', curve: 'bn128', nPublic: 3 });
    const zkey = await readFile(circuit.files.zkey);
    expect(circuit.zkeyHash).toBe(createHash('sha256').update(zkey).digest('hex'));
  });

  it('proves Codex’s own circuit input unchanged, with the public signals the Marketplace passes', async () => {
    const result = await prover.prove(fixture as unknown as CircuitInput, circuit.files);
    expect(result.publicSignals).toEqual([BigInt(fixture.entropy), BigInt(fixture.dataSetRoot), 3n]);
    const signals = result.publicSignals.map(String);
    const proof = toSnarkjsProof(result.proof);
    expect(await snarkjs.groth16.verify(circuit.verificationKey, signals, proof)).toBe(true);
    // The proof is bound to its public inputs.
    for (let i = 0; i < 3; i++) {
      const other = signals.map((s, j) => (j === i ? String(BigInt(s) + 1n) : s));
      expect(await snarkjs.groth16.verify(circuit.verificationKey, other, proof)).toBe(false);
    }
  });

  it('refuses slot indices outside the dataset, cell counts that are not 2^k (k ≥ 1), and cells not padded as 2 KiB cells', async () => {
    expect(await unsatisfied(changed((i) => (i.slotIndex = 11)))).toBe(true);
    expect(await unsatisfied(changed((i) => (i.nSlotsPerDataSet = 0)))).toBe(true);
    expect(await unsatisfied(changed((i) => ((i.nSlotsPerDataSet = 300), (i.slotIndex = 3))))).toBe(true);
    expect(await unsatisfied(changed((i) => (i.nCellsPerSlot = 513)))).toBe(true);
    expect(await unsatisfied(changed((i) => (i.nCellsPerSlot = 1)))).toBe(true);
    expect(await unsatisfied(changed((i) => (i.cellData[2]![66] = '1')))).toBe(true);
  });

  it('does not check the data: a changed cell or path still proves (the host’s own statement check catches those)', async () => {
    const input = changed((i) => {
      i.cellData[0]![0] = String(BigInt(i.cellData[0]![0]!) + 1n);
      i.merklePaths[1]![0] = '1';
    });
    await expect(prover.prove(input, circuit.files)).resolves.toMatchObject({
      publicSignals: [1234567n, expect.any(BigInt), 3n],
    });
  });

  it('is reported missing, with what to do, where the build did not put it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'slotkeeper-devnet-circuit-'));
    try {
      await expect(loadDevnetCircuit(empty)).rejects.toBeInstanceOf(DevnetCircuitError);
      await expect(loadDevnetCircuit(empty)).rejects.toThrow(/npm run build/);
      await writeFile(
        join(empty, 'devnet-circuit.json'),
        JSON.stringify({ zkeyHash: circuit.zkeyHash, buildKey: 'x' }),
      );
      await expect(loadDevnetCircuit(empty)).rejects.toThrow(/not usable/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
