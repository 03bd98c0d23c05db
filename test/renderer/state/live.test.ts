import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SlotDto } from '../../../src-main/api/dto';
import { createAppState, type AppState } from '../../../src-renderer/state/context';
import { apiBackend, type ApiBackend } from '../helpers/api-backend';

let backend: ApiBackend;
let stop: () => void = () => {};
afterEach(() => {
  stop();
  backend?.close();
});

function start(b: ApiBackend = apiBackend()): AppState {
  backend = b;
  const app = createAppState(backend, { live: { retryMs: 5 } });
  stop = app.stop;
  return app.state;
}

const slotIds = (state: AppState) => state.slots.live.values.map((s) => s.slotId);

function changeSlot(b: ApiBackend, index: number, change: Partial<SlotDto>): SlotDto {
  const slot = b.source.slots()[index]!;
  const next = { ...slot, ...change };
  b.source.slotMap.set(next.slotId, { ...next, history: [], earlier: [] });
  b.source.emit({ kind: 'slot', value: next });
  return next;
}

describe('live state', () => {
  it('loads everything from one snapshot', async () => {
    const state = start();
    await vi.waitFor(() => expect(state.live.status).toBe('live'));
    expect(state.availabilities.list.size).toBe(1);
    // The sales running now come live; the whole history is counted by the engine.
    expect(state.slots.live.size).toBe(3);
    expect(state.totals.totals.slots).toBe(5);
    expect(state.totals.totals.slotsByState.SaleProving).toBe(2);
    expect(state.reservations.list.size).toBe(3);
    expect(state.queue.items).toHaveLength(3);
    expect(state.settings.selling).toBe('selling');
    expect(state.outcomes.log.map((o) => o.id)).toEqual(['o2', 'o1']);
    expect(state.live.seq).toBe(0);
  });

  it('applies patches in order, and the counts follow the engine’s totals', async () => {
    const state = start();
    await vi.waitFor(() => expect(state.live.status).toBe('live'));
    const changed = changeSlot(backend, 0, { state: 'SaleFilling', downloadedBytes: '8589934592' });
    await vi.waitFor(() => expect(state.slots.live.get(changed.slotId)?.state).toBe('SaleFilling'));
    backend.source.emit({ kind: 'totals', value: backend.source.totals() });
    await vi.waitFor(() => expect(state.totals.totals.slotsByState.SaleFilling).toBe(1));
    expect(state.totals.totals.slotsByState.SaleDownloading).toBeUndefined();
    backend.source.emit({ kind: 'slot-removed', id: changed.slotId });
    await vi.waitFor(() => expect(state.slots.live.size).toBe(2));
    expect(state.live.seq).toBe(3);
    expect(state.live.snapshots).toBe(1);
  });

  it('replays patches that overtook the snapshot, skipping what the snapshot holds', async () => {
    const b = apiBackend();
    let release: () => void = () => {};
    b.holdSnapshot = new Promise((r) => (release = r));
    const state = start(b);
    await vi.waitFor(() => expect(b.calls).toContain('live.snapshot'));
    const changed = changeSlot(b, 1, { state: 'SalePayout' });
    await new Promise((r) => setTimeout(r, 20)); // the patch is now waiting in the buffer
    expect(state.slots.live.size).toBe(0);
    release();
    await vi.waitFor(() => expect(state.slots.live.get(changed.slotId)?.state).toBe('SalePayout'));
    expect(state.live.seq).toBe(1);
    expect(state.live.snapshots).toBe(1);
  });

  it('takes a fresh snapshot when a patch goes missing', async () => {
    const state = start();
    await vi.waitFor(() => expect(state.live.status).toBe('live'));
    backend.drop = (patch) => patch.seq === 1;
    const lost = changeSlot(backend, 0, { state: 'SaleErrored', error: 'disk full' });
    await new Promise((r) => setTimeout(r, 20));
    expect(state.slots.live.get(lost.slotId)?.state).toBe('SaleDownloading');
    const next = changeSlot(backend, 2, { state: 'SaleFinished' });
    await vi.waitFor(() => expect(state.live.snapshots).toBe(2));
    await vi.waitFor(() => expect(state.slots.live.get(next.slotId)?.state).toBe('SaleFinished'));
    expect(state.slots.live.get(lost.slotId)?.state).toBe('SaleErrored');
    expect(state.live.status).toBe('live');
    expect(slotIds(state)).toHaveLength(3);
  });

  it('catches up with a snapshot after the connection comes back', async () => {
    const state = start();
    await vi.waitFor(() => expect(state.live.status).toBe('live'));
    backend.setLink('closed');
    backend.drop = () => true;
    changeSlot(backend, 0, { state: 'SaleFailed' });
    await new Promise((r) => setTimeout(r, 20));
    backend.drop = () => false;
    backend.setLink('open');
    await vi.waitFor(() => expect(state.live.snapshots).toBe(2));
    expect(state.totals.totals.slotsByState.SaleFailed).toBe(1);
  });

  it('says why it cannot load and retries until the engine answers', async () => {
    const b = apiBackend();
    const original = b.invoke.bind(b);
    let down = true;
    b.invoke = (async (name: never, args: never) => {
      if (name === 'live.snapshot' && down) {
        const { BackendError } = await import('../../../src-renderer/backend');
        throw new BackendError({ code: 'unavailable', message: 'engine starting' });
      }
      return original(name, args);
    }) as typeof b.invoke;
    const state = start(b);
    await vi.waitFor(() => expect(state.live.errorCode).toBe('unavailable'));
    down = false;
    await vi.waitFor(() => expect(state.live.status).toBe('live'));
    expect(state.live.errorCode).toBeUndefined();
    expect(state.slots.live.size).toBe(3);
  });
});
