// A worker that traps inside a job, or dies as it starts, fails its job as a value and the pool
// goes on answering: modules built to fail, compiled here with AssemblyScript.
import asc from 'assemblyscript/asc';
import { describe, expect, it } from 'vitest';
import { HashPool } from '../../../../../src-main/proofs/codex/pool/hash-pool';

async function compile(source: string): Promise<WebAssembly.Module> {
  const result = await asc.compileString(source, { runtime: 'stub', noAssert: true, initialMemory: 1 });
  if (result.error || !result.binary) throw new Error(result.stderr.toString());
  return new WebAssembly.Module(new Uint8Array(result.binary));
}

describe('the hashing pool when a worker fails', () => {
  it('fails a job whose hashing traps, and keeps serving', async () => {
    const trapping = await compile(`
      export function constantsPointer(): usize { return 1024; }
      export function inputPointer(): usize { return 8192; }
      export function outputPointer(): usize { return 4096; }
      export function init(): void {}
      export function hashBlock(length: u32, allNodes: bool): void { unreachable(); }
    `);
    const pool = new HashPool({ size: 1, module: trapping });
    for (let i = 0; i < 2; i++)
      expect(await pool.blockRoots([new Uint8Array(100)])).toMatchObject({
        ok: false,
        error: { kind: 'worker-failed', message: expect.stringContaining('unreachable') },
      });
    await pool.close();
  });

  it('fails jobs when its workers die at start, without hanging', async () => {
    const empty = await compile('export function nothing(): void {}');
    const pool = new HashPool({ size: 2, module: empty });
    const results = await Promise.all([
      pool.blockRoots([new Uint8Array(1)]),
      pool.blockTree(new Uint8Array(1)),
      pool.blockRoots([]),
    ]);
    for (const result of results)
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'worker-failed', message: expect.stringContaining('worker') },
      });
    await pool.close();
  });
});
