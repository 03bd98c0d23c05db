// The dashboard's alert state over the real api and a real alert store.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertInput } from '../../../src-main/engine/index';
import { FakeSalesSource } from '../../fakes/sales-source';
import { openTestAlertStore } from '../../fakes/test-db';
import { startApp, stopApps } from '../helpers/app';

let alerts: ReturnType<typeof openTestAlertStore> | undefined;
afterEach(() => {
  stopApps();
  alerts?.dispose();
  alerts = undefined;
});

const raised = (
  key: string,
  severity: AlertInput['severity'],
  category: AlertInput['category'] = 'disk',
): AlertInput => ({
  key,
  category,
  severity,
  message: `${key} happened`,
});

async function start() {
  alerts = openTestAlertStore();
  alerts.store.raise(raised('disk-below-quota', 'warning'));
  alerts.clock.now += 1;
  alerts.store.raise(raised('proofs-missed:0x1', 'error', 'proofs'));
  const app = await startApp(new FakeSalesSource(), { alerts: alerts.store });
  return { app, store: alerts.store, clock: alerts.clock, state: app.state.alerts };
}

describe('AlertsState', () => {
  it('starts from the snapshot, newest first, with the attention count', async () => {
    const { state } = await start();
    expect(state.open.map((a) => a.key)).toEqual(['proofs-missed:0x1', 'disk-below-quota']);
    expect(state.attention).toBe(1);
  });

  it('follows raises, repeats and clears live', async () => {
    const { state, store, clock } = await start();
    clock.now += 5;
    store.raise(raised('data-folder-unwritable', 'critical', 'storage'));
    clock.now += 1;
    store.raise(raised('disk-below-quota', 'warning'));
    await vi.waitFor(() => expect(state.attention).toBe(2));
    expect(state.open.map((a) => [a.key, a.count])).toEqual([
      ['disk-below-quota', 2],
      ['data-folder-unwritable', 1],
      ['proofs-missed:0x1', 1],
    ]);
    store.resolve('data-folder-unwritable');
    await vi.waitFor(() => expect(state.attention).toBe(1));
    expect(state.active.map((a) => a.key)).toEqual(['disk-below-quota', 'proofs-missed:0x1']);
  });

  it('filters by severity, category and state', async () => {
    const { state, store } = await start();
    store.resolve('disk-below-quota');
    await vi.waitFor(() => expect(state.active).toHaveLength(1));
    state.severity = 'warning';
    expect(state.rows.map((a) => a.key)).toEqual(['disk-below-quota']);
    state.severity = '';
    state.category = 'proofs';
    expect(state.rows.map((a) => a.key)).toEqual(['proofs-missed:0x1']);
    state.category = '';
    await state.choose('resolved');
    expect(state.rows.map((a) => a.key)).toEqual(['disk-below-quota']);
  });

  it('dismisses one: it leaves the list at once, and shows among the dismissed', async () => {
    const { state } = await start();
    const id = state.open.find((a) => a.key === 'proofs-missed:0x1')!.id;
    await state.dismiss(id);
    expect(state.open.map((a) => a.key)).toEqual(['disk-below-quota']);
    await vi.waitFor(() => expect(state.attention).toBe(0));
    await state.choose('dismissed');
    expect(state.rows).toMatchObject([{ key: 'proofs-missed:0x1', state: 'dismissed' }]);
  });

  it('dismisses what the filters show, and nothing else', async () => {
    const { state, store } = await start();
    state.category = 'disk';
    await state.dismissShown();
    expect(state.open.map((a) => a.key)).toEqual(['proofs-missed:0x1']);
    state.category = '';
    await state.dismissShown();
    expect(state.open).toEqual([]);
    expect(store.list({ states: ['dismissed'] })).toHaveLength(2);
  });

  it('brings a dismissed alert back when it is raised again', async () => {
    const { state, store } = await start();
    await state.dismissShown();
    await state.choose('dismissed');
    expect(state.rows).toHaveLength(2);
    store.raise(raised('disk-below-quota', 'warning'));
    await vi.waitFor(() => expect(state.open.map((a) => a.key)).toEqual(['disk-below-quota']));
    expect(state.rows.map((a) => a.key)).toEqual(['proofs-missed:0x1']);
  });

  it('shows a failed dismiss as an error code and keeps the alert', async () => {
    const { state } = await start();
    await state.dismiss(999);
    expect(state.errorCode).toBe('not-found');
    expect(state.open).toHaveLength(2);
  });
});
