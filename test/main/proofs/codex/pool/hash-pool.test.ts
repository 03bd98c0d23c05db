import { afterAll, describe, expect, it } from 'vitest';
import { fieldToBytes } from '../../../../../src-main/proofs/codex/poseidon2/field';
import { HashPool } from '../../../../../src-main/proofs/codex/pool/hash-pool';
import { keyedLayers } from '../../../../../src-main/proofs/codex/wasm/layers';
import { createPoseidon2Wasm } from '../../../../../src-main/proofs/codex/wasm/module';
import { leHex, poseidon2Vectors } from '../vectors';

const inline = createPoseidon2Wasm();
const pool = new HashPool({ size: 2 });
afterAll(() => pool.close());

const block = (seed: number, length = 65536) => new Uint8Array(length).map((_, i) => (i * 31 + seed * 7) & 0xff);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('the hashing pool', () => {
  it('sizes itself to the machine unless told, and refuses a size below one or a nice value outside 0..19', () => {
    const sized = new HashPool();
    expect(sized.size).toBeGreaterThanOrEqual(1);
    expect(() => new HashPool({ size: 0 })).toThrow(RangeError);
    expect(() => new HashPool({ size: 1.5 })).toThrow(RangeError);
    expect(() => new HashPool({ nice: 20 })).toThrow(RangeError);
    expect(() => new HashPool({ nice: -1 })).toThrow(RangeError);
    return sized.close();
  });

  it('hashes blocks off the main thread to the same roots as the wasm module on it, short and empty ones included', async () => {
    const blocks = [block(1), new Uint8Array(0), block(2, 5000), block(3)];
    const roots = await pool.blockRoots(blocks);
    expect(roots).toEqual({ ok: true, value: concat(blocks.map((b) => inline.blockRoot(b))) });
    expect(roots.ok && roots.value.subarray(32, 64)).toEqual(leHex(poseidon2Vectors.zeroBlockRootLe));
  });

  it('leaves the caller its blocks: they are copied into the transferred buffer', async () => {
    const b = block(4);
    await pool.blockRoots([b]);
    expect(b.length).toBe(65536);
    expect(b[1]).toBe((31 + 28) & 0xff);
  });

  it('runs more jobs than workers at once, each answered with its own result', async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => pool.blockRoots([block(10 + i, 4096)]));
    const results = await Promise.all(jobs);
    results.forEach((r, i) => expect(r).toEqual({ ok: true, value: inline.blockRoot(block(10 + i, 4096)) }));
  });

  it('returns a block tree and tree layers like the module on the main thread', async () => {
    expect(await pool.blockTree(block(5))).toEqual({ ok: true, value: inline.blockTree(block(5)) });
    const leaves = concat(Array.from({ length: 11 }, (_, i) => fieldToBytes(BigInt(i + 1))));
    expect(await pool.treeLayers(leaves)).toEqual({ ok: true, value: keyedLayers(inline, leaves) });
    const single = await pool.treeLayers(fieldToBytes(7n));
    expect(single.ok && single.value.map((l) => l.length)).toEqual([32, 32]);
  });

  it('answers bad input with a value, not an exception', async () => {
    expect(await pool.blockRoots([new Uint8Array(65537)])).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    expect(await pool.blockTree(new Uint8Array(70000))).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(await pool.treeLayers(new Uint8Array(0))).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(await pool.treeLayers(new Uint8Array(32).fill(0xff))).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringContaining('not a field element') },
    });
  });

  it('cancels queued and running jobs at once, and its workers take new work afterwards', async () => {
    const controller = new AbortController();
    const many = Array.from({ length: 24 }, (_, i) => block(100 + i));
    // Two long jobs occupy both workers; the third waits in the queue.
    const running = [pool.blockRoots(many, controller.signal), pool.blockRoots(many, controller.signal)];
    const queued = pool.blockRoots([block(1)], controller.signal);
    controller.abort();
    for (const result of [...running, queued])
      expect(await result).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    expect(await pool.blockRoots([block(1)], controller.signal)).toMatchObject({
      ok: false,
      error: { kind: 'aborted' },
    });
    // The workers are free again afterwards.
    expect(await pool.blockRoots([block(6, 100)])).toEqual({ ok: true, value: inline.blockRoot(block(6, 100)) });
  });

  it('ends queued and running jobs as closed when closed, and refuses new ones', async () => {
    const closing = new HashPool({ size: 1 });
    const first = closing.blockRoots(Array.from({ length: 8 }, (_, i) => block(i)));
    const second = closing.blockRoots([block(1)]);
    await new Promise((r) => setTimeout(r, 20));
    await closing.close();
    expect(await first).toMatchObject({ ok: false, error: { kind: 'closed' } });
    expect(await second).toMatchObject({ ok: false, error: { kind: 'closed' } });
    expect(await closing.blockRoots([block(1)])).toMatchObject({ ok: false, error: { kind: 'closed' } });
  });

  it('hashes the same at normal priority', async () => {
    const normal = new HashPool({ size: 1, nice: 0 });
    expect(await normal.blockRoots([block(7)])).toEqual({ ok: true, value: inline.blockRoot(block(7)) });
    await normal.close();
  });

  it('keeps the event loop free while hashing', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const result = await pool.blockRoots(Array.from({ length: 8 }, (_, i) => block(200 + i)));
    clearInterval(timer);
    expect(result.ok).toBe(true);
    expect(ticks).toBeGreaterThan(0); // timers ran while 8 blocks (≈9,000 permutations) were hashed
  });
});
