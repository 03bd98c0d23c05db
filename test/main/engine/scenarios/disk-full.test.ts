// A full disk (issue 14): the first write it refuses stops the taking of new slots — each would fail
// the same way after collateral went on chain — while the slots already held go on being proven;
// once the data folder takes writes again, selling resumes by itself. Ends with the byte invariants.
import { afterEach, describe, expect, it } from 'vitest';
import { StorageFaultError, type Repo } from '../../../../src-main/engine/index';
import { alertState } from '../../../../src-main/engine/alerts/alert';
import { postRequest } from '../../../fakes/sim-scenarios';
import {
  advanceUntil,
  availabilityFor,
  byteInvariantViolations,
  salesOf,
  startHarness,
  untilIdle,
  type Harness,
} from '../../../fakes/sales-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

let full = false;
const diskFull = () => new StorageFaultError('disk-full', 'Cannot write slot data: the disk is full (ENOSPC)');
const fillable = (repo: Repo): Repo => ({
  ...repo,
  writeSlotData: (id, offset, data) => (full ? Promise.reject(diskFull()) : repo.writeSlotData(id, offset, data)),
  checkWritable: () => (full ? Promise.reject(diskFull()) : repo.checkWritable()),
});

const filled = (requestId: string) => salesOf(h!, requestId).filter((s) => s.filledAt !== undefined);
const proofsOf = (requestId: string) => filled(requestId).reduce((sum, s) => sum + s.proofs.submitted, 0);

describe('a full disk', () => {
  it('stops taking slots, keeps proving the slots it holds, and resumes once the disk takes writes', async () => {
    full = false;
    h = await startHarness({ repo: fillable, sales: { diskRecheckMs: 20 } });
    h.sales.createAvailability(availabilityFor(8n));
    const held = await postRequest(h.sim, { slots: 2n, duration: 3600n }, 200n);
    await advanceUntil(h, () => filled(held).length === 2, 300);

    full = true;
    const refused = await postRequest(h.sim, { slots: 2n, duration: 3600n }, 200n);
    await advanceUntil(h, () => h!.sales.queueSnapshot().heldReason !== undefined, 300);
    expect(h.sales.queueSnapshot().heldReason).toContain('the disk is full');
    expect(salesOf(h, refused).map((s) => s.state)).toContain('SaleErrored');
    const alerts = h.storage.alerts.list().filter((a) => a.key === 'data-folder-unwritable');
    expect(alerts.map(alertState)).toEqual(['active']);

    // Held: a new request is not tried, while the held slots keep being proven.
    const later = await postRequest(h.sim, { slots: 2n, duration: 3600n }, 200n);
    const proofsBefore = proofsOf(held);
    await h.advance(60);
    expect(salesOf(h, later)).toEqual([]);
    expect(proofsOf(held)).toBeGreaterThan(proofsBefore);

    full = false;
    await advanceUntil(h, () => h!.sales.queueSnapshot().heldReason === undefined, 300);
    await advanceUntil(h, () => filled(later).length === 2, 300);
    const after = h.storage.alerts.list().filter((a) => a.key === 'data-folder-unwritable');
    expect(after.map(alertState)).toEqual(['resolved']);
    await untilIdle(h);
    expect(byteInvariantViolations(h)).toEqual([]);
  }, 120_000);
});
