// The alert commands through the dispatcher, over a real alert store on a temp SQLite file.
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertDto, SnapshotDto } from '../../../src-main/api/dto';
import { createApi, type RunningApi } from '../../../src-main/api/service';
import type { AlertInput } from '../../../src-main/engine/index';
import { FakeSalesSource, MemorySettings } from '../../fakes/sales-source';
import { openTestAlertStore } from '../../fakes/test-db';

let api: RunningApi | undefined;
let alerts: ReturnType<typeof openTestAlertStore> | undefined;
afterEach(() => {
  api?.close();
  alerts?.dispose();
});

const slotId = '0x' + '7'.repeat(64);
const missed: AlertInput = {
  key: `proofs-missed:${slotId}`,
  category: 'proofs',
  severity: 'error',
  message: 'Slot 1 of request 0x1234…abcd has missed 1 proof and was slashed.',
  data: { slotId, slashed: '100' },
};
const disk: AlertInput = { key: 'disk-below-quota', category: 'disk', severity: 'warning', message: 'low' };
const wallet: AlertInput = { key: 'wallet-low-tokens', category: 'wallet', severity: 'warning', message: 'tokens' };

function start() {
  alerts = openTestAlertStore();
  api = createApi({
    host: 'headless',
    version: '1',
    source: new FakeSalesSource(),
    settings: new MemorySettings(),
    alerts: alerts.store,
    tickIntervalMs: 60_000,
  });
  for (const [i, alert] of [missed, disk, wallet].entries()) {
    alerts.clock.now += i;
    alerts.store.raise(alert);
  }
  return { api, store: alerts.store };
}

const value = <T>(result: { ok: boolean; value?: unknown }): T => {
  expect(result.ok).toBe(true);
  return result.value as T;
};

describe('alert commands', () => {
  it('lists alerts most recently seen first, with the slot they are about', async () => {
    const { api } = start();
    const listed = value<AlertDto[]>(await api.invoke('alerts.list', {}));
    expect(listed.map((a) => a.key)).toEqual(['wallet-low-tokens', 'disk-below-quota', `proofs-missed:${slotId}`]);
    expect(listed[2]).toMatchObject({ id: 1, state: 'active', slotId, count: 1, data: { slashed: '100' } });
    expect(listed[0]!.slotId).toBeUndefined();
  });

  it('filters by severity, category and state, and limits', async () => {
    const { api, store } = start();
    store.resolve('disk-below-quota');
    const keys = async (args: object) => value<AlertDto[]>(await api.invoke('alerts.list', args)).map((a) => a.key);
    expect(await keys({ severities: ['error', 'critical'] })).toEqual([`proofs-missed:${slotId}`]);
    expect(await keys({ categories: ['disk', 'wallet'] })).toEqual(['wallet-low-tokens', 'disk-below-quota']);
    expect(await keys({ states: ['resolved'] })).toEqual(['disk-below-quota']);
    expect(await keys({ limit: 1 })).toEqual(['wallet-low-tokens']);
  });

  it('dismisses one by id or by key: it leaves the list and the snapshot, and is listed as dismissed', async () => {
    const { api } = start();
    expect(value<AlertDto>(await api.invoke('alerts.dismiss', { id: 1 }))).toMatchObject({ id: 1, state: 'dismissed' });
    expect(await api.invoke('alerts.dismiss', { key: 'disk-below-quota' })).toMatchObject({
      ok: true,
      value: { key: 'disk-below-quota', state: 'dismissed' },
    });
    const snapshot = value<SnapshotDto>(await api.invoke('live.snapshot', {}));
    expect(snapshot.alerts.map((a) => a.key)).toEqual(['wallet-low-tokens']);
    const dismissed = value<AlertDto[]>(await api.invoke('alerts.list', { states: ['dismissed'] }));
    expect(dismissed).toHaveLength(2);
  });

  it('dismisses all, or all of one category or state, and says how many', async () => {
    const { api, store } = start();
    store.resolve('disk-below-quota');
    expect(await api.invoke('alerts.dismissAll', { states: ['resolved'] })).toEqual({
      ok: true,
      value: { dismissed: 1 },
    });
    expect(await api.invoke('alerts.dismissAll', { categories: ['wallet'] })).toEqual({
      ok: true,
      value: { dismissed: 1 },
    });
    expect(await api.invoke('alerts.dismissAll', {})).toEqual({ ok: true, value: { dismissed: 1 } });
    expect(value<SnapshotDto>(await api.invoke('live.snapshot', {})).alerts).toEqual([]);
  });

  it('answers an alert it does not know with not-found, and bad arguments with invalid-argument', async () => {
    const { api } = start();
    expect(await api.invoke('alerts.dismiss', { id: 99 })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'There is no alert with id 99; it may have been cleared away already.' },
    });
    for (const args of [{}, { id: 1, key: 'disk-below-quota' }, { id: 0 }, { id: 1.5 }, { key: '' }]) {
      expect(await api.invoke('alerts.dismiss', args)).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
    }
    for (const args of [{ severities: ['loud'] }, { states: 'active' }, { limit: 0 }, { limit: 501 }, { extra: 1 }]) {
      expect(await api.invoke('alerts.list', args)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
    expect(await api.invoke('alerts.dismissAll', { states: ['dismissed'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(value<AlertDto[]>(await api.invoke('alerts.list', {}))).toHaveLength(3);
  });

  it('serves no alerts and dismisses nothing when the host keeps none', async () => {
    api = createApi({ host: 'headless', version: '1', source: new FakeSalesSource(), settings: new MemorySettings() });
    expect(await api.invoke('alerts.list', {})).toEqual({ ok: true, value: [] });
    expect(await api.invoke('alerts.dismiss', { key: 'x' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(value<SnapshotDto>(await api.invoke('live.snapshot', {}))).toMatchObject({ alerts: [], attention: 0 });
  });
});
