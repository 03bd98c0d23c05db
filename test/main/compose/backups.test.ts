// A backup taken through the api while a sale runs restores into an empty folder, and a host
// started there sees the same availabilities and reservations.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupDto } from '../../../src-main/api/contract';
import { startEngineHost, type EngineHost } from '../../../src-main/compose/engine-host';
import { restoreBackup } from '../../../src-main/storage/restore';

const quiet = { kind: 'sim', rate: 0, competitors: 0, seed: 5 } as const;
const folder = () => mkdtempSync(join(tmpdir(), 'sk-backup-'));

function books(host: EngineHost) {
  const availabilities = host.codex.listAvailabilities();
  return {
    availabilities,
    reservations: availabilities.flatMap((a) => host.codex.listReservations(a.id)),
  };
}

describe('backup and restore through the api', () => {
  it('backs up during a running sale; the restored host starts with the same books', async () => {
    const dataDir = folder();
    const host = await startEngineHost({ host: 'headless', version: 't', dataDir, quota: 50_000_000n, market: quiet });
    let restored: EngineHost | undefined;
    try {
      await host.codex.createAvailability({
        totalSize: 10_000_000n,
        duration: 86_400n,
        minPricePerBytePerSecond: 1n,
        totalCollateral: 10n ** 12n,
      });
      await host.devnet!.postRequest({
        slots: 2n,
        slotSize: 65_536n,
        duration: 86_400n,
        pricePerBytePerSecond: 10n,
        collateralPerByte: 1n,
        proofProbability: 100n,
        maxSlotLoss: 1n,
        expiry: 3_600n,
      });
      // Both slots filled and proving: a sale still downloading is rightly dropped by the restored
      // host (its data is not in a backup), so the books are compared once the sales are steady.
      for (let i = 0; i < 120 && (await host.codex.activeSlots()).length < 2; i++) {
        await host.devnet!.advance(30);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await host.codex.activeSlots()).length).toBe(2);
      const before = books(host);
      expect(before.reservations.length).toBeGreaterThan(0);

      const result = await host.api.invoke('backup.create', {});
      expect(result.ok).toBe(true);
      const backup = (result as { value: BackupDto }).value;
      // The node's identity (key) is the host's as much as its books: a restored host keeps its peer id.
      expect(backup.files.map((f) => f.name)).toEqual(['market.sqlite', 'sales.sqlite', 'key']);
      expect(backup.downloadPath).toBe(`/api/backups/${backup.name}`);
      expect(backup.path).toBe(join(dataDir, 'backups', backup.name));
      expect(String(statSync(backup.path).size)).toBe(backup.bytes);
      expect(books(host)).toEqual(before);

      const target = join(folder(), 'restored');
      await restoreBackup(target, backup.path);
      restored = await startEngineHost({ host: 'headless', version: 't', dataDir: target, market: quiet });
      expect(books(restored)).toEqual(before);
    } finally {
      await restored?.stop();
      await host.stop();
    }
  }, 60_000);
});
