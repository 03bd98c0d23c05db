import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brokenInvariants, missingSlotData } from '../../fakes/sales-invariants';
import { applyOp, salesOp } from '../../fakes/sales-ops';
import { openTestStorage, tempDataDir } from '../../fakes/test-db';
import { spawnWorker } from './workers/spawn';

const du = (dir: string) =>
  BigInt(execFileSync('du', ['-s', '--block-size=1', dir], { encoding: 'utf8' }).split('\t')[0]!);

/** Runs the crash worker until it reports `steps` operations, waits `delayMs` more, then kills it with SIGKILL. */
async function crashAfter(dataDir: string, seed: number, steps: number, delayMs: number): Promise<number> {
  const child = spawnWorker('crash-worker', [dataDir, String(seed)]);
  let done = 0;
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      done += chunk
        .toString()
        .split('\n')
        .filter((line) => line.startsWith('step')).length;
      if (done >= steps) resolve();
    });
    void exited.then(() => reject(new Error(`crash worker ended before step ${steps}: ${errors}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return done;
}

describe('nothing lost across a crash', () => {
  it('keeps the byte accounting balanced when the process is killed mid-sequence and the database reopened', async () => {
    let crashedWithReservations = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 20, max: 400 }),
        fc.integer({ min: 0, max: 15 }),
        fc.array(salesOp, { maxLength: 30 }),
        async (seed, steps, delayMs, afterwards) => {
          const temp = tempDataDir();
          try {
            await crashAfter(temp.dir, seed, steps, delayMs);
            const t = openTestStorage({ dataDir: temp.dir, quotaMaxBytes: 400_000n });
            try {
              expect(brokenInvariants(t.reservations, t.repo)).toEqual([]);
              expect(t.repo.quota().used).toBe(du(t.repoDir));
              expect(missingSlotData(t.reservations, t.repo)).toEqual([]);
              if (t.reservations.listReservations().length > 0) crashedWithReservations++;
              // The reopened storage keeps working and keeps balancing.
              for (const op of afterwards) {
                await applyOp(t, op);
                expect(brokenInvariants(t.reservations, t.repo)).toEqual([]);
              }
            } finally {
              t.dispose();
            }
          } finally {
            temp.remove();
          }
        },
      ),
      { numRuns: 12 },
    );
    // The property is only worth something if crashes hit storage with sales in flight.
    expect(crashedWithReservations).toBeGreaterThan(3);
  }, 120_000);
});
