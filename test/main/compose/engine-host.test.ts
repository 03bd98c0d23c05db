import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SnapshotDto } from '../../../src-main/api/dto';
import type { WalletSource } from '../../../src-main/api/read-model/ports';
import { startEngineHost } from '../../../src-main/compose/engine-host';
import { resolveToken } from '../../../src-main/headless/token-file';
import type { Wallet } from '../../../src-main/engine/index';
import { SIM_TOKEN } from '../../../src-main/market/sim/ledger';

// A market backend's wallet passes straight into the read model, and back: the two shapes are one.
const asWalletSource = (wallet: Wallet): WalletSource => wallet;
const asWallet = (wallet: WalletSource): Wallet => wallet;
void [asWalletSource, asWallet];

const quiet = { kind: 'sim', rate: 0, competitors: 0 } as const;

describe('engine host', () => {
  it('remembers the quota it was started with', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sk-host-'));
    const first = await startEngineHost({ host: 'headless', version: 't', dataDir, quota: 3_000_000n, market: quiet });
    await first.stop();
    const second = await startEngineHost({ host: 'headless', version: 't', dataDir, market: quiet });
    const space = await second.codex.space();
    await second.stop();
    expect(space.quotaMaxBytes).toBe(3_000_000n);
  });

  it('refuses a quota below what availabilities already hold, and keeps the old one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sk-host-'));
    const first = await startEngineHost({ host: 'headless', version: 't', dataDir, quota: 10_000_000n, market: quiet });
    await first.codex.createAvailability({
      totalSize: 5_000_000n,
      duration: 3600n,
      minPricePerBytePerSecond: 1n,
      totalCollateral: 1n,
    });
    await first.stop();
    await expect(
      startEngineHost({ host: 'headless', version: 't', dataDir, quota: 1_000_000n, market: quiet }),
    ).rejects.toThrow(
      /quota of 976.56 KiB is smaller than what this data folder already holds: 4.76 MiB offered in availabilities and .* of slot data\. Choose --quota \d+ or more/,
    );
    const again = await startEngineHost({ host: 'headless', version: 't', dataDir, market: quiet });
    const space = again.codex.space();
    await again.stop();
    expect(space.quotaMaxBytes).toBe(10_000_000n);
    expect(space.quotaReservedBytes).toBe(5_000_000n);
  });

  it("shows the dashboard the bundle's market: the simulator, its 18-decimal test token, no gas, its loopback node", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sk-host-'));
    const host = await startEngineHost({ host: 'headless', version: 't', dataDir, market: quiet });
    const before = host.devnet!.now();
    const snapshot = await host.api.invoke('live.snapshot', {});
    const after = host.devnet!.now();
    const account = await host.devnet!.host();
    await host.stop();
    expect(SIM_TOKEN).toEqual({ symbol: 'TST', decimals: 18 });
    const { market } = (snapshot.ok ? snapshot.value : undefined) as SnapshotDto;
    expect(market).toEqual({
      kind: 'sim',
      hostAddress: account.address,
      token: { symbol: 'TST', decimals: 18 },
      balance: account.balance.toString(),
      now: market.now,
      // The host's node on loopback, which fetches slot data from the simulated clients' node (no DHT).
      network: {
        peerId: expect.stringMatching(/^16Uiu2/),
        listenAddrs: [expect.stringMatching(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/)],
        announceAddrs: expect.any(Array),
        peers: expect.any(Number),
      },
    });
    // The simulator's clock runs in real time: the snapshot's time is the chain's at that moment.
    expect(market.now).toBeGreaterThanOrEqual(before);
    expect(market.now).toBeLessThanOrEqual(after);
  });

  it('raises the quota above the disk at start, lists it through the api, and resolves it when restarted with a quota that fits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sk-host-'));
    const first = await startEngineHost({ host: 'headless', version: 't', dataDir, quota: 1n << 62n, market: quiet });
    const listed = await first.api.invoke('alerts.list', {});
    await first.stop();
    expect(listed).toMatchObject({ ok: true, value: [{ key: 'disk-below-quota', state: 'active', count: 1 }] });
    const second = await startEngineHost({ host: 'headless', version: 't', dataDir, quota: 1n << 20n, market: quiet });
    const after = await second.api.invoke('alerts.list', {});
    await second.stop();
    expect(after).toMatchObject({ ok: true, value: [{ key: 'disk-below-quota', state: 'resolved', count: 1 }] });
  });

  it('checks the wallet again as soon as the operator moves its low mark', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sk-host-'));
    const host = await startEngineHost({ host: 'headless', version: 't', dataDir, market: quiet });
    try {
      const mark = String(10n ** 40n);
      expect(await host.api.invoke('settings.update', { alerts: { minTokenBalance: mark } })).toMatchObject({
        ok: true,
        value: { alerts: { minTokenBalance: mark } },
      });
      await host.checkAlerts();
      expect(await host.api.invoke('alerts.list', { categories: ['wallet'] })).toMatchObject({
        ok: true,
        value: [{ key: 'wallet-low-tokens', severity: 'warning', data: { threshold: mark } }],
      });
      await host.api.invoke('settings.update', { alerts: { minTokenBalance: null } });
      await host.checkAlerts();
      expect(await host.api.invoke('alerts.list', { categories: ['wallet'] })).toMatchObject({
        ok: true,
        value: [{ state: 'resolved' }],
      });
    } finally {
      await host.stop();
    }
  });

  it('keeps the data folder, its databases (with -wal and -shm), settings, token, lock and logs private', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'sk-host-')), 'data');
    const host = await startEngineHost({ host: 'headless', version: 't', dataDir, quota: 3_000_000n, market: quiet });
    resolveToken(dataDir, undefined);
    const modes = Object.fromEntries(
      readdirSync(dataDir)
        .filter((name) => name !== 'repo')
        .map((name) => [name, (statSync(join(dataDir, name)).mode & 0o777).toString(8)]),
    );
    const logs = readdirSync(join(dataDir, 'logs')).map((name) =>
      (statSync(join(dataDir, 'logs', name)).mode & 0o777).toString(8),
    );
    await host.stop();
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    expect(Object.keys(modes)).toEqual(
      expect.arrayContaining([
        'sales.sqlite',
        'sales.sqlite-wal',
        'sales.sqlite-shm',
        'market.sqlite-wal',
        'settings.json',
        'headless-token',
      ]),
    );
    expect(Object.entries(modes).filter(([, m]) => m !== '600' && m !== '700')).toEqual([]);
    expect(modes.logs).toBe('700');
    expect(logs).toEqual(['600']);
  });

  it('refuses to start on a damaged database and changes nothing in the folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sk-host-'));
    const first = await startEngineHost({ host: 'headless', version: 't', dataDir, quota: 3_000_000n, market: quiet });
    await first.stop();
    const sales = join(dataDir, 'sales.sqlite');
    const fd = openSync(sales, 'r+');
    writeSync(fd, randomBytes(4096), 0, 4096, 4096);
    closeSync(fd);
    const before = snapshot(dataDir);
    await expect(startEngineHost({ host: 'headless', version: 't', dataDir, market: quiet })).rejects.toThrow(
      /sales\.sqlite is damaged .* --restore FILE/,
    );
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('refuses to start with a fresh sales database while the market’s chain and slot data remain', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sk-host-'));
    const first = await startEngineHost({ host: 'headless', version: 't', dataDir, quota: 3_000_000n, market: quiet });
    await first.stop();
    rmSync(join(dataDir, 'sales.sqlite'));
    await expect(startEngineHost({ host: 'headless', version: 't', dataDir, market: quiet })).rejects.toThrow(
      /sales\.sqlite is missing, but this folder still holds the market's chain/,
    );
    expect(existsSync(join(dataDir, 'sales.sqlite'))).toBe(false);
  });
});

/** Every file of the folder but the lock's, with its content hash. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter(
        (name) =>
          statSync(join(dir, name)).isFile() && !name.startsWith('slotkeeper-lock') && name !== 'slotkeeper.pid',
      )
      .map((name) => [
        name,
        createHash('sha256')
          .update(readFileSync(join(dir, name)))
          .digest('hex'),
      ]),
  );
}
