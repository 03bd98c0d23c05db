import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertDto, PatchDto, SlotDto } from '../../../../src-main/api/dto';
import { LivePatches } from '../../../../src-main/api/read-model/patches';

afterEach(() => vi.useRealTimers());

const slot = (slotId: string, state: 'SaleDownloading' | 'SaleFilling') => ({ slotId, state }) as unknown as SlotDto;

describe('live patches', () => {
  it('gathers a burst of changes into one numbered patch per interval', () => {
    vi.useFakeTimers();
    const patches: PatchDto[] = [];
    const live = new LivePatches((p) => patches.push(p), 100);
    for (let i = 0; i < 1000; i++)
      live.add({ kind: 'slot', value: slot(`0x${i % 10}`, i % 2 ? 'SaleFilling' : 'SaleDownloading') });
    expect(patches).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(patches).toHaveLength(1);
    expect(patches[0]!.seq).toBe(1);
    expect(patches[0]!.slots).toHaveLength(10);
    expect(patches[0]!.slots!.find((s) => s.slotId === '0x9')!.state).toBe('SaleFilling');
  });

  it('numbers patches consecutively and reports the last seq for snapshots', () => {
    vi.useFakeTimers();
    const patches: PatchDto[] = [];
    const live = new LivePatches((p) => patches.push(p), 100);
    live.add({ kind: 'reservation-removed', id: '0x1' });
    live.flush();
    live.add({
      kind: 'quota',
      value: { maxBytes: '1', usedBytes: '0', reservedBytes: '0', diskFreeBytes: '9', diskTotalBytes: '9' },
    });
    vi.advanceTimersByTime(100);
    expect(patches.map((p) => p.seq)).toEqual([1, 2]);
    expect(live.seq).toBe(2);
    expect(patches[0]!.removedReservations).toEqual(['0x1']);
    expect(patches[1]!.quota?.maxBytes).toBe('1');
  });

  it('lets the latest change of an item win, removal included', () => {
    const patches: PatchDto[] = [];
    const live = new LivePatches((p) => patches.push(p), 100);
    live.add({ kind: 'slot', value: slot('0xa', 'SaleDownloading') });
    live.add({ kind: 'slot-removed', id: '0xa' });
    live.flush();
    expect(patches[0]!.slots).toBeUndefined();
    expect(patches[0]!.removedSlots).toEqual(['0xa']);
  });

  it('keeps the latest of an alert: a dismissal after a raise removes it, a raise after a dismissal brings it back', () => {
    const patches: PatchDto[] = [];
    const live = new LivePatches((p) => patches.push(p), 100);
    const alert = { id: 7, key: 'k', count: 1 } as unknown as AlertDto;
    live.add({ kind: 'alert', value: alert });
    live.add({ kind: 'alert-removed', id: 7 });
    live.add({ kind: 'attention', value: 1 });
    live.add({ kind: 'attention', value: 0 });
    live.flush();
    live.add({ kind: 'alert-removed', id: 7 });
    live.add({ kind: 'alert', value: { ...alert, count: 2 } });
    live.flush();
    expect(patches.map((p) => [p.alerts?.map((a) => a.count), p.removedAlerts, p.attention])).toEqual([
      [undefined, [7], 0],
      [[2], undefined, undefined],
    ]);
  });

  it('never coalesces outcomes away', () => {
    const patches: PatchDto[] = [];
    const live = new LivePatches((p) => patches.push(p), 100);
    const outcome = { id: 'same', kind: 'payout', at: 1, slotId: '0x1', requestId: '0x2', slotIndex: 0 } as const;
    live.add({ kind: 'outcome', value: outcome });
    live.add({ kind: 'outcome', value: { ...outcome, at: 2 } });
    live.flush();
    expect(patches[0]!.outcomes?.map((o) => o.at)).toEqual([1, 2]);
  });

  it('publishes nothing when nothing changed', () => {
    const patches: PatchDto[] = [];
    const live = new LivePatches((p) => patches.push(p), 100);
    live.flush();
    expect(patches).toEqual([]);
    expect(live.seq).toBe(0);
  });
});
