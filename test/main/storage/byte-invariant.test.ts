import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOp, salesOp } from '../../fakes/sales-ops';
import { brokenInvariants, missingSlotData } from '../../fakes/sales-invariants';
import { openTestStorage } from '../../fakes/test-db';

const du = (dir: string) =>
  BigInt(execFileSync('du', ['-s', '--block-size=1', dir], { encoding: 'utf8' }).split('\t')[0]!);

describe('nothing lost', () => {
  it('keeps every availability byte accounted for, and refused operations change nothing, after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(salesOp, { minLength: 10, maxLength: 50 }), async (ops) => {
        const t = openTestStorage({ quotaMaxBytes: 400_000n });
        try {
          for (const op of ops) {
            const before = { a: t.reservations.listAvailabilities(), r: t.reservations.listReservations() };
            const reserved = t.repo.quota().reserved;
            const outcome = await applyOp(t, op);
            expect(
              brokenInvariants(t.reservations, t.repo),
              `after ${JSON.stringify(op, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
            ).toEqual([]);
            if (outcome !== 'ok') {
              expect({ a: t.reservations.listAvailabilities(), r: t.reservations.listReservations() }).toEqual(before);
              expect(t.repo.quota().reserved).toBe(reserved);
            }
          }
          expect(t.repo.quota().used).toBe(du(t.repoDir));
          expect(missingSlotData(t.reservations, t.repo)).toEqual([]);
        } finally {
          t.dispose();
        }
      }),
      { numRuns: 120 },
    );
  }, 120_000);
});
