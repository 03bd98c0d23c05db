import { afterEach, describe, expect, it } from 'vitest';
import type { PatchDto, SnapshotDto } from '../../../src-main/api/dto';
import { createApi, type RunningApi } from '../../../src-main/api/service';
import { FakeSalesSource, MemorySettings } from '../../fakes/sales-source';
import { openTestAlertStore } from '../../fakes/test-db';

let api: RunningApi | undefined;
afterEach(() => api?.close());

function start() {
  const source = new FakeSalesSource().withDemoData();
  const settings = new MemorySettings();
  api = createApi({ host: 'headless', version: '1.0.0', source, settings, patchIntervalMs: 5, tickIntervalMs: 60_000 });
  const patches: PatchDto[] = [];
  api.subscribe((m) => m.name === 'live.patch' && patches.push(m.payload));
  return { api, source, settings, patches };
}

const nextPatch = async (patches: PatchDto[], count = 1) => {
  for (let i = 0; i < 100 && patches.length < count; i++) await new Promise((r) => setTimeout(r, 5));
  return patches[count - 1]!;
};

describe('api service', () => {
  it('returns one snapshot of everything the dashboard shows', async () => {
    const { api, source } = start();
    const result = await api.invoke('live.snapshot', {});
    expect(result.ok).toBe(true);
    const snapshot = result.ok ? (result.value as SnapshotDto) : undefined;
    expect(snapshot?.seq).toBe(0);
    expect(snapshot?.availabilities).toHaveLength(source.availabilities().length);
    expect(snapshot?.slots.length).toBe(5);
    expect(snapshot?.selling).toBe('selling');
    expect(snapshot?.outcomes[0]?.kind).toBe('payout');
  });

  it('creates an availability and streams it as a numbered patch', async () => {
    const { api, source, patches } = start();
    const result = await api.invoke('availability.create', {
      totalSize: '1000000',
      duration: 3600,
      minPricePerBytePerSecond: '5',
      totalCollateral: '1000',
    });
    expect(result).toMatchObject({ ok: true, value: { totalSize: '1000000', freeSize: '1000000', enabled: true } });
    const patch = await nextPatch(patches);
    expect(patch.seq).toBe(1);
    expect(patch.availabilities?.[0]?.totalSize).toBe('1000000');
    expect(source.commands).toHaveLength(1);
  });

  it('refuses a negative or fractional size before it reaches the engine', async () => {
    const { api, source } = start();
    for (const totalSize of ['-5', '1.5', 'lots']) {
      const result = await api.invoke('availability.create', {
        totalSize,
        duration: 3600,
        minPricePerBytePerSecond: '5',
        totalCollateral: '1000',
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
    expect(source.commands).toEqual([]);
  });

  it('pauses selling: the engine stops taking slots, settings persist, and the status follows', async () => {
    const { api, source, settings, patches } = start();
    const result = await api.invoke('selling.pause', {});
    expect(result).toMatchObject({ ok: true, value: { sellingPaused: true } });
    expect(source.paused).toBe(true);
    expect(settings.get().sellingPaused).toBe(true);
    const patch = await nextPatch(patches);
    expect(patch.settings?.sellingPaused).toBe(true);
    expect(patch.selling).toBe('paused');
    await api.invoke('selling.resume', {});
    expect(source.paused).toBe(false);
  });

  it('needs attention while an error or critical alert is active and not dismissed, and says so live', async () => {
    const alerts = openTestAlertStore();
    try {
      const source = new FakeSalesSource().withDemoData();
      api = createApi({
        host: 'headless',
        version: '1',
        source,
        settings: new MemorySettings(),
        alerts: alerts.store,
        patchIntervalMs: 5,
      });
      const patches: PatchDto[] = [];
      api.subscribe((m) => m.name === 'live.patch' && patches.push(m.payload));
      alerts.store.raise({ key: 'disk-below-quota', category: 'disk', severity: 'warning', message: 'low' });
      expect(await nextPatch(patches)).toMatchObject({ selling: 'selling', alerts: [{ key: 'disk-below-quota' }] });
      const snapshot = (await api.invoke('live.snapshot', {})) as { ok: true; value: SnapshotDto };
      expect(snapshot.value).toMatchObject({ selling: 'selling', attention: 0, alerts: [{ key: 'disk-below-quota' }] });
      alerts.store.raise({ key: 'data-folder-unwritable', category: 'storage', severity: 'critical', message: 'ro' });
      const patch = await nextPatch(patches, 2);
      expect(patch).toMatchObject({ selling: 'attention', attention: 1, alerts: [{ key: 'data-folder-unwritable' }] });
      alerts.store.dismiss({ key: 'data-folder-unwritable' });
      expect(await nextPatch(patches, 3)).toMatchObject({ selling: 'selling', attention: 0, removedAlerts: [2] });
    } finally {
      alerts.dispose();
    }
  });

  it('answers a slot it never saw with not-found', async () => {
    const { api } = start();
    const result = await api.invoke('slot.get', { slotId: '0x' + 'f'.repeat(64) });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('forwards engine changes as patches in order', async () => {
    const { api: _api, source, patches } = start();
    source.emit({ kind: 'reservation-removed', id: '0x1' });
    await nextPatch(patches);
    source.emit({ kind: 'reservation-removed', id: '0x2' });
    await nextPatch(patches, 2);
    expect(patches.map((p) => [p.seq, p.removedReservations])).toEqual([
      [1, ['0x1']],
      [2, ['0x2']],
    ]);
  });

  it('answers backup.create with unavailable on a host that makes no backups', async () => {
    const { api } = start();
    expect(await api.invoke('backup.create', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
