import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Groth16Prover,
  isGroth16Error,
  toSnarkjsProof,
  type Groth16Error,
  type Groth16Files,
  type ProvePhase,
} from '../../../../src-main/proofs/groth16';
import type { ProofTurns } from '../../../../src-main/proofs/groth16/turns';
import { toyCircuit, toyInput, type ToyCircuit } from '../../../support/toy-circuit';

let toy: ToyCircuit;
let prover: Groth16Prover;
let scratch: string;

beforeAll(async () => {
  toy = await toyCircuit();
  prover = new Groth16Prover({ idleMs: 60_000 });
  scratch = await mkdtemp(join(tmpdir(), 'slotkeeper-groth16-'));
});

afterAll(async () => {
  await prover?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function failureOf(promise: Promise<unknown>): Promise<Groth16Error> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isGroth16Error(e)) throw new Error(`expected a Groth16Error, got ${String(e)}`);
  return e;
}

describe('Groth16Prover', () => {
  it('proves a satisfying input in a worker and returns a proof that snarkjs verifies', async () => {
    const phases: ProvePhase[] = [];
    const input = toyInput();
    const result = await prover.prove(input, toy.files, undefined, (p) => phases.push(p));
    expect(phases).toEqual(['witness', 'proving', 'verifying']);
    expect(result.publicSignals).toEqual([1234567n, BigInt(input.dataSetRoot as string), 3n]);
    expect(await snarkjs.groth16.verify(toy.verificationKey, result.publicSignals, toSnarkjsProof(result.proof))).toBe(
      true,
    );
    expect(result.timings.witnessMs).toBeGreaterThan(0);
    expect(result.timings.proveMs).toBeGreaterThan(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.witnessMs + result.timings.proveMs);
    expect(prover.liveWorkers).toBe(1);
  });

  it('takes the input as JSON text too, and reuses its worker between proofs', async () => {
    const before = prover.workerThreadId;
    const result = await prover.prove(JSON.stringify(toyInput(42n, 7)), toy.files);
    expect(result.publicSignals[0]).toBe(42n);
    expect(result.publicSignals[2]).toBe(7n);
    expect(prover.workerThreadId).toBe(before);
  });

  it('rejects an input the circuit does not satisfy as unsatisfied, without a proof', async () => {
    const input = { ...toyInput(), response: '5' };
    const e = await failureOf(prover.prove(input, toy.files));
    expect(e.code).toBe('unsatisfied');
    expect(e.message).toContain('The input does not satisfy the circuit');
    expect(e.message).toMatch(/template ToyStorageProof\S* line: \d+/);
  });

  it('rejects an input whose signals do not fit the circuit as invalid-input', async () => {
    const { cellData: _cells, ...rest } = toyInput();
    const e = await failureOf(prover.prove({ ...rest, cellData: ['1', '2'] }, toy.files));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain('cellData');
  });

  it("refuses Codex's real circuit input on a circuit it was not built for, as invalid-input", async () => {
    const fixture = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'codex-circuit-input.json');
    const e = await failureOf(prover.prove(await readFile(fixture, 'utf8'), toy.files));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain("does not fit the circuit's signals");
  });

  it('rejects values the witness generator would silently reduce, before starting any worker work', async () => {
    const tooBig = (2n ** 254n).toString();
    const e = await failureOf(prover.prove({ ...toyInput(), slotRoot: tooBig }, toy.files));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain('slotRoot is not below the BN254 scalar field modulus');
    const missing = await failureOf(prover.prove({ ...toyInput(), entropy: undefined as never }, toy.files));
    expect(missing.code).toBe('invalid-input');
  });

  it('names the missing circuit file and what to do', async () => {
    const files: Groth16Files = { ...toy.files, zkey: join(scratch, 'nowhere', 'proof_main.zkey') };
    const e = await failureOf(prover.prove(toyInput(), files));
    expect(e.code).toBe('missing-files');
    expect(e.message).toContain(files.zkey);
    expect(e.message).toContain('--circuit-dir');
  });

  it('never returns a proof that fails local verification (a verification key of another setup)', async () => {
    const vk = structuredClone(toy.verificationKey) as { vk_delta_2: string[][] };
    vk.vk_delta_2 = (toy.verificationKey as { vk_gamma_2: string[][] }).vk_gamma_2;
    const vkPath = join(scratch, 'other_verification_key.json');
    await writeFile(vkPath, JSON.stringify(vk));
    const e = await failureOf(prover.prove(toyInput(), { ...toy.files, verificationKey: vkPath }));
    expect(e.code).toBe('verification-failed');
  });

  it('refuses a circuit whose public signals are not the named public inputs in order', async () => {
    const swapped = new Groth16Prover({ publicInputs: ['dataSetRoot', 'entropy', 'slotIndex'] });
    try {
      const e = await failureOf(swapped.prove(toyInput(), toy.files));
      expect(e.code).toBe('circuit-mismatch');
    } finally {
      await swapped.close();
    }
  });

  it('cancels the proof in progress when closed, and refuses new ones', async () => {
    const closing = new Groth16Prover();
    const pending = failureOf(
      closing.prove(toyInput(), toy.files, undefined, (phase) => phase === 'proving' && void closing.close()),
    );
    expect((await pending).code).toBe('cancelled');
    expect(closing.liveWorkers).toBe(0);
    expect((await failureOf(closing.prove(toyInput(), toy.files))).message).toContain('closed');
  });

  it('reports a worker that runs out of its memory limit as out-of-memory, and stays usable', async () => {
    // 4 MiB of heap cannot even load snarkjs: the worker dies of ERR_WORKER_OUT_OF_MEMORY.
    const starved = new Groth16Prover({ maxMemoryMb: 4 });
    try {
      for (let i = 0; i < 2; i++) {
        const e = await failureOf(starved.prove(toyInput(), toy.files));
        expect(e.code).toBe('out-of-memory');
        expect(e.message).toContain('limit is 4 MiB');
      }
    } finally {
      await starved.close();
    }
  });

  it('cancels mid-proof by terminating the worker, and proves again with a fresh one', async () => {
    const controller = new AbortController();
    const first = prover.workerThreadId;
    const cancelled = failureOf(
      prover.prove(toyInput(), toy.files, controller.signal, (phase) => {
        if (phase === 'proving') controller.abort();
      }),
    );
    expect((await cancelled).code).toBe('cancelled');
    expect(prover.workerThreadId).toBeUndefined();
    expect(prover.liveWorkers).toBe(0);
    const again = await prover.prove(toyInput(9n), toy.files);
    expect(again.publicSignals[0]).toBe(9n);
    expect(prover.workerThreadId).not.toBe(first);
  });

  it.runIf(existsSync('/proc/self/task'))(
    'leaves no thread behind when cancelled: the worker and its snarkjs helper threads are gone',
    async () => {
      const threads = () => readdirSync('/proc/self/task').length;
      const own = new Groth16Prover();
      try {
        // libuv starts its pool threads on first use; have them all before counting.
        await Promise.all(Array.from({ length: 8 }, () => readFile(toy.files.zkey)));
        const before = threads();
        let during = 0;
        const controller = new AbortController();
        const e = await failureOf(
          own.prove(toyInput(), toy.files, controller.signal, (phase) => {
            if (phase !== 'proving') return;
            during = threads();
            controller.abort();
          }),
        );
        expect(e.code).toBe('cancelled');
        expect(during).toBeGreaterThan(before);
        expect(threads()).toBe(before);
      } finally {
        await own.close();
      }
    },
  );

  it('makes a held slot’s proof before filling proofs that waited longer', async () => {
    // The turn is held here while both proofs queue: which reaches the line first is a race (each
    // checks its files first), and a proof that ran meanwhile could end before the other queued.
    const turns = (prover as unknown as { turns: ProofTurns }).turns;
    const hold = await turns.take('held');
    const done: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => void done.push(name));
    const filling = track('filling', prover.prove(toyInput(2n), toy.files, undefined, undefined, 'filling'));
    const held = track('held', prover.prove(toyInput(3n), toy.files, undefined, undefined, 'held'));
    for (let i = 0; i < 500 && turns.waiting < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(turns.waiting).toBe(2);
    hold();
    await Promise.all([filling, held]);
    expect(done).toEqual(['held', 'filling']);
  });

  it('cancels a proof still waiting for its turn without disturbing the one running', async () => {
    const controller = new AbortController();
    const running = prover.prove(toyInput(1n), toy.files);
    const waiting = failureOf(prover.prove(toyInput(2n), toy.files, controller.signal));
    controller.abort();
    expect((await waiting).code).toBe('cancelled');
    expect((await running).publicSignals[0]).toBe(1n);
  });

  // `npm test` builds the app first; a bare vitest run without out/ skips this one.
  const built = join(import.meta.dirname, '..', '..', '..', '..', 'out', 'main', 'groth16-prove-worker.js');
  it.runIf(existsSync(built))(
    'proves with the worker script the build emits (out/main/groth16-prove-worker.js)',
    async () => {
      const fromBuild = new Groth16Prover({ workerUrl: pathToFileURL(built) });
      try {
        const result = await fromBuild.prove(toyInput(77n), toy.files);
        expect(result.publicSignals[0]).toBe(77n);
      } finally {
        await fromBuild.close();
      }
    },
  );

  it('rejects at once when the signal is already aborted', async () => {
    const e = await failureOf(prover.prove(toyInput(), toy.files, AbortSignal.abort()));
    expect(e.code).toBe('cancelled');
  });
});
