import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEngineHost } from '../../../src-main/compose/engine-host';

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
});
