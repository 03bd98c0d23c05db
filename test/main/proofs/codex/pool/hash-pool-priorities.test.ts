// The pool serves the most urgent job waiting first (a held slot's proof, then a filling proof, then
// onboarding, then the simulated clients), FIFO within a priority. One worker makes the order of
// completion the order of service, so these tests assert orders, never times.
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BlockHasher,
  type HashPriority,
  type HashResult,
  prioritized,
} from '../../../../../src-main/proofs/codex/pool/block-hasher';
import { HashPool } from '../../../../../src-main/proofs/codex/pool/hash-pool';
import { buildSlotTree } from '../../../../../src-main/proofs/codex/slots/build-slot-tree';
import { createPoseidon2Wasm } from '../../../../../src-main/proofs/codex/wasm/module';

const inline = createPoseidon2Wasm();
const pool = new HashPool({ size: 1 });
afterAll(() => pool.close());

// Short blocks keep the tests fast: the order of service does not depend on how long a job takes.
const block = (seed: number, length = 2048) => new Uint8Array(length).map((_, i) => (i * 29 + seed * 11) & 0xff);
const blocks = (count: number, seed: number) => Array.from({ length: count }, (_, i) => block(seed + i));

/** Records the name of each job as it completes. */
function recorder() {
  const done: string[] = [];
  const track = <T>(name: string, job: Promise<HashResult<T>>) =>
    job.then((result) => {
      done.push(name);
      return result;
    });
  return { done, track };
}

describe('the hashing pool’s priorities', () => {
  it('finishes a held slot’s proof before queued onboarding and client hashing, then filling, onboarding and clients in turn', async () => {
    const { done, track } = recorder();
    const at = (priority: HashPriority) => prioritized(pool, priority);
    // A long onboarding job takes the one worker; everything else waits behind it.
    const jobs = [
      track('running onboarding', at('onboarding').blockRoots(blocks(8, 1))),
      track('client 1', at('client').blockRoots(blocks(2, 20))),
      track('onboarding 1', at('onboarding').blockRoots(blocks(2, 30))),
      track('client 2', at('client').blockRoots(blocks(2, 40))),
      track('onboarding 2', pool.blockRoots(blocks(2, 50))), // no priority named: onboarding
      track('filling proof', at('filling-proof').blockTree(block(60))),
      track('held proof', at('held-proof').blockTree(block(70))),
    ];
    const results = await Promise.all(jobs);
    expect(done).toEqual([
      'running onboarding',
      'held proof',
      'filling proof',
      'onboarding 1',
      'onboarding 2',
      'client 1',
      'client 2',
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[6]).toEqual({ ok: true, value: inline.blockTree(block(70)) });
    expect(results[1]).toEqual({
      ok: true,
      value: new Uint8Array([...inline.blockRoot(block(20)), ...inline.blockRoot(block(21))]),
    });
  });

  it('runs a held slot’s proof between the batches of a slot being onboarded, ahead of the batches queued before it', async () => {
    const { done, track } = recorder();
    const onboarding = prioritized(pool, 'onboarding');
    let batches = 0;
    const counted: BlockHasher = {
      ...onboarding,
      blockRoots: (b, signal) => track(`batch ${++batches}`, onboarding.blockRoots(b, signal)),
    };
    let held: Promise<unknown> | undefined;
    const tree = buildSlotTree({
      dataBlocks: 48,
      batchBlocks: 4,
      jobsInFlight: 4,
      hasher: counted,
      readBlock: async (i) => {
        // Block 24 is read right after batch 3 is done: batch 4 runs then, 5 and 6 wait.
        if (i === 24) held ??= track('held proof', pool.blockTree(block(80), undefined, 'held-proof'));
        return block(i, 1024);
      },
    });
    const built = await tree;
    await held;
    expect(built.ok).toBe(true);
    expect(done.slice(0, 7)).toEqual(['batch 1', 'batch 2', 'batch 3', 'batch 4', 'held proof', 'batch 5', 'batch 6']);
  });

  it('cancels a queued prioritized job at once, and the jobs queued with it still run in order', async () => {
    const { done, track } = recorder();
    const held = new AbortController();
    const client = new AbortController();
    const jobs = [
      track('running onboarding', pool.blockRoots(blocks(6, 1), undefined, 'onboarding')),
      track('client', pool.blockRoots([block(2)], client.signal, 'client')),
      track('onboarding', pool.blockRoots([block(3)], undefined, 'onboarding')),
      track('held proof', pool.blockTree(block(4), held.signal, 'held-proof')),
      track('filling proof', pool.blockTree(block(5), undefined, 'filling-proof')),
    ];
    held.abort();
    client.abort();
    const results = await Promise.all(jobs);
    expect(results[3]).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    // The cancelled jobs settle at once, before the running one; the rest keep their order.
    expect(done).toEqual(['held proof', 'client', 'running onboarding', 'filling proof', 'onboarding']);
    expect(results[4]).toEqual({ ok: true, value: inline.blockTree(block(5)) });
  });

  it('starves no one: client hashing finishes once a stream of proofs is done', async () => {
    const { done, track } = recorder();
    const low = [1, 2, 3].map((i) => track(`client ${i}`, pool.blockRoots([block(i, 4096)], undefined, 'client')));
    // Proofs keep arriving while earlier ones run: each finished proof submits the next, up to 8.
    let proofs = 0;
    const nextProof = (): Promise<unknown> =>
      track(`proof ${++proofs}`, pool.blockTree(block(100 + proofs, 4096), undefined, 'held-proof')).then(() =>
        proofs < 8 ? nextProof() : undefined,
      );
    await Promise.all([nextProof(), nextProof()]);
    const results = await Promise.all(low);
    results.forEach((r, i) => expect(r).toEqual({ ok: true, value: inline.blockRoot(block(i + 1, 4096)) }));
    // The first client job had the idle worker; the others waited for the last proof.
    const proofNames = Array.from({ length: 8 }, (_, i) => `proof ${i + 1}`);
    expect(done).toEqual(['client 1', ...proofNames, 'client 2', 'client 3']);
    // Nothing more urgent waits now: a client job runs at once.
    expect(await pool.blockRoots([block(9, 100)], undefined, 'client')).toEqual({
      ok: true,
      value: inline.blockRoot(block(9, 100)),
    });
  });

  it('answers a priority it does not know with invalid input', async () => {
    const result = await pool.blockRoots([block(1, 10)], undefined, 'urgent' as HashPriority);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });
});
