import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkCircuitFiles,
  circuitFilesIn,
  installedCircuitDir,
  locateCircuit,
  type CircuitLocation,
} from '../../../../src-main/proofs/circuits';
import { toyCircuit, type ToyCircuit } from '../../../support/toy-circuit';

const HASH = 'ab'.repeat(32);
let toy: ToyCircuit;
let scratch: string;

beforeAll(async () => {
  toy = await toyCircuit();
  scratch = await mkdtemp(join(tmpdir(), 'slotkeeper-locate-'));
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A copy of the toy circuit folder, with `change` applied to it. */
async function circuitDir(name: string, change?: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(dir, { recursive: true });
  for (const f of ['proof_main.wasm', 'proof_main.zkey', 'proof_main_verification_key.json'])
    await copyFile(join(toy.dir, f), join(dir, f));
  await change?.(dir);
  return dir;
}

function problemOf(location: CircuitLocation) {
  if (location.ok) throw new Error('expected a circuit problem');
  return location.problem;
}

async function editKey(dir: string, edit: (vk: Record<string, unknown>) => void): Promise<void> {
  const path = join(dir, 'proof_main_verification_key.json');
  const vk = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  edit(vk);
  await writeFile(path, JSON.stringify(vk));
}

describe('locateCircuit', () => {
  it('takes the --circuit-dir files as they are when they check out', async () => {
    const dir = await circuitDir('good');
    const found = await locateCircuit({ dataDir: scratch, zkeyHash: HASH, circuitDir: dir });
    expect(found).toEqual({ ok: true, files: circuitFilesIn(dir), dir, source: 'circuit-dir' });
  });

  it('names every file missing from --circuit-dir and what to put there', async () => {
    const dir = await circuitDir('partial', async (d) => {
      await rm(join(d, 'proof_main.zkey'));
      await rm(join(d, 'proof_main.wasm'));
    });
    const problem = problemOf(await locateCircuit({ dataDir: scratch, zkeyHash: HASH, circuitDir: dir }));
    expect(problem.code).toBe('missing');
    expect(problem.message).toContain(`${dir} (--circuit-dir) lacks proof_main.wasm, proof_main.zkey`);
    expect(problem.message).toContain(HASH);
  });

  it('finds an installed circuit by zkeyHash, and says how to get one that is not installed', async () => {
    const dataDir = join(scratch, 'data');
    const missing = problemOf(await locateCircuit({ dataDir, zkeyHash: HASH }));
    expect(missing.code).toBe('missing');
    expect(missing.message).toContain(`zkeyHash ${HASH}) is not installed in ${installedCircuitDir(dataDir, HASH)}`);
    await mkdir(join(dataDir, 'circuits'), { recursive: true });
    const dir = await circuitDir(join('data', 'circuits', HASH));
    expect(await locateCircuit({ dataDir, zkeyHash: HASH })).toMatchObject({ ok: true, dir, source: 'data-dir' });
  });

  it('refuses a zkeyHash that is not a SHA-256 (it names a folder)', async () => {
    for (const zkeyHash of ['../../etc', 'AB'.repeat(32), 'ab'.repeat(31), ''])
      expect(problemOf(await locateCircuit({ dataDir: scratch, zkeyHash })).code).toBe('bad-zkey-hash');
  });
});

describe('checkCircuitFiles', () => {
  it.each([
    ['a wasm that is not WebAssembly', 'proof_main.wasm', 'not a WebAssembly module'],
    ['a zkey that is not a zkey', 'proof_main.zkey', 'not a zkey'],
    ['a verification key that is not JSON', 'proof_main_verification_key.json', 'not JSON'],
  ])('refuses %s', async (_what, file, reason) => {
    const dir = await circuitDir(`bad-${file}`, (d) => writeFile(join(d, file), 'garbage of some length'));
    expect(await checkCircuitFiles(circuitFilesIn(dir), 3)).toEqual({
      ok: false,
      missing: [],
      file: join(dir, file),
      reason: expect.stringContaining(reason),
    });
  });

  it('refuses a verification key of another protocol, curve or input count', async () => {
    const cases: [string, (vk: Record<string, unknown>) => void, string][] = [
      ['plonk', (vk) => (vk.protocol = 'plonk'), 'protocol is "plonk"'],
      ['bls', (vk) => (vk.curve = 'bls12381'), 'curve is "bls12381"'],
      ['n2', (vk) => ((vk.nPublic = 2), (vk.IC = (vk.IC as unknown[]).slice(0, 3))), 'has 2 public inputs, not 3'],
    ];
    for (const [name, edit, reason] of cases) {
      const dir = await circuitDir(`vk-${name}`, (d) => editKey(d, edit));
      const check = await checkCircuitFiles(circuitFilesIn(dir), 3);
      expect(check.ok === false && 'reason' in check && check.reason, name).toContain(reason);
    }
  });

  it('refuses a zkey and a verification key from different setups', async () => {
    const dir = await circuitDir('mixed', (d) => editKey(d, (vk) => (vk.vk_delta_2 = vk.vk_gamma_2)));
    const check = await checkCircuitFiles(circuitFilesIn(dir), 3);
    expect(check).toMatchObject({ ok: false, file: join(dir, 'proof_main.zkey') });
    expect('reason' in check && check.reason).toContain('another setup');
  });

  it('refuses a zkey whose section table runs past its end (a truncated download)', async () => {
    const dir = await circuitDir('truncated', async (d) => {
      const zkey = await readFile(join(d, 'proof_main.zkey'));
      await writeFile(join(d, 'proof_main.zkey'), zkey.subarray(0, 400));
    });
    const check = await checkCircuitFiles(circuitFilesIn(dir), 3);
    expect(check.ok).toBe(false);
  });
});
