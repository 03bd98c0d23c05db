import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SnapshotDto } from '../../../src-main/api/dto';
import type { WalletSource } from '../../../src-main/api/read-model/ports';
import { startEngineHost } from '../../../src-main/compose/engine-host';
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
      /quota of 1000000 bytes is smaller than what this data folder already holds: 5000000 bytes offered/,
    );
    const again = await startEngineHost({ host: 'headless', version: 't', dataDir, market: quiet });
    const space = again.codex.space();
    await again.stop();
    expect(space.quotaMaxBytes).toBe(10_000_000n);
    expect(space.quotaReservedBytes).toBe(5_000_000n);
  });

  it("shows the dashboard the bundle's market: the simulator, its 18-decimal test token, no gas", async () => {
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
    });
    // The simulator's clock runs in real time: the snapshot's time is the chain's at that moment.
    expect(market.now).toBeGreaterThanOrEqual(before);
    expect(market.now).toBeLessThanOrEqual(after);
  });
});
