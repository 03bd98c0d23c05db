// The host checks against real parts: the alert store and the repo quota on a temp data folder, the
// simulated chain's wallet, the sim's proof system, and Codex's circuit-file lookup on a folder
// that lacks them.
import { mkdirSync, mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertWatch } from '../../../src-main/compose/alert-watch';
import { silentLogger, type ProofReadiness } from '../../../src-main/engine/index';
import { locateCircuit } from '../../../src-main/proofs/circuits/index';
import { startHarness, type Harness } from '../../fakes/sales-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const TiB = 1024n ** 4n;
const EiB = 1024n ** 6n;
const TST = 10n ** 18n;

/** Readiness as a Codex proof system decides it: its circuit files must be in the folder. */
const circuitReadiness = (circuitDir: string) => async (): Promise<ProofReadiness> => {
  const found = await locateCircuit({ dataDir: circuitDir, zkeyHash: '0x' + 'ab'.repeat(32), circuitDir });
  return found.ok ? { ready: true } : { ready: false, reason: found.problem.message };
};

function watch(harness: Harness, marks: { minTokenBalance?: string } = {}, readiness?: () => Promise<ProofReadiness>) {
  const { storage } = harness;
  return new AlertWatch({
    alerter: storage.alerts,
    unresolved: storage.alerts.unresolved(),
    quota: () => storage.repo.quota(),
    proofSystem: readiness ? { readiness } : { readiness: async () => ({ ready: true }) },
    wallet: harness.wallet,
    lowMarks: () => marks,
    probeDir: harness.dataDir,
    logger: silentLogger,
  });
}

const keys = (harness: Harness, states: ('active' | 'resolved')[] = ['active']) =>
  harness.storage.alerts.list({ states }).map((a) => a.key);

describe('the host checks behind the alerts', () => {
  it('finds nothing wrong on a healthy host', async () => {
    h = await startHarness();
    await watch(h).checkNow();
    expect(h.storage.alerts.list({ states: ['active', 'resolved', 'dismissed'] })).toEqual([]);
  });

  it('raises the quota above the disk once however often it checks, and resolves it after a restart with a quota that fits', async () => {
    h = await startHarness({ quotaMaxBytes: EiB });
    const first = watch(h);
    await first.checkNow();
    await first.checkNow();
    first.checkDisk();
    const [alert] = h.storage.alerts.list();
    expect(alert).toMatchObject({ key: 'disk-below-quota', severity: 'warning', count: 1 });
    expect(alert!.message).toMatch(
      /^The quota leaves 1023\.9 PiB to write, but the disk has only .+ free\. Lower the quota to .+ or less/,
    );
    const dataDir = h.dataDir;
    await h.dispose({ keep: true });

    h = await startHarness({ dataDir, quotaMaxBytes: 1n << 20n });
    const second = watch(h);
    await second.checkNow();
    expect(h.storage.alerts.list()).toMatchObject([{ key: 'disk-below-quota', count: 1 }]);
    expect(h.storage.alerts.list()[0]!.resolvedAt).toBeDefined();
  });

  it('does not count a condition again at start-up when the store still has it', async () => {
    h = await startHarness({ quotaMaxBytes: EiB });
    await watch(h).checkNow();
    await watch(h).checkNow();
    expect(h.storage.alerts.list()).toMatchObject([{ key: 'disk-below-quota', count: 1 }]);
  });

  it('warns about a wallet below the low mark, and resolves once the mark is lowered', async () => {
    h = await startHarness();
    const marks: { minTokenBalance?: string } = { minTokenBalance: String(10n ** 9n * TST) };
    const w = watch(h, marks);
    await w.checkNow();
    expect(h.storage.alerts.list()).toMatchObject([
      {
        key: 'wallet-low-tokens',
        category: 'wallet',
        severity: 'warning',
        data: { threshold: String(10n ** 9n * TST) },
      },
    ]);
    delete marks.minTokenBalance;
    await w.checkNow();
    expect(keys(h)).toEqual([]);
    expect(keys(h, ['resolved'])).toEqual(['wallet-low-tokens']);
  });

  it('raises circuit files missing with the lookup’s own words, and resolves it once the proof system is ready', async () => {
    h = await startHarness();
    const circuitDir = mkdtempSync(join(tmpdir(), 'slotkeeper-no-circuit-'));
    await watch(h, {}, circuitReadiness(circuitDir)).checkNow();
    const [alert] = h.storage.alerts.list();
    expect(alert).toMatchObject({ key: 'circuit-files-missing', severity: 'critical' });
    expect(alert!.message).toContain(`The circuit folder ${circuitDir} (--circuit-dir) lacks proof_main.wasm`);
    await watch(h).checkNow();
    expect(keys(h, ['resolved'])).toEqual(['circuit-files-missing']);
  });

  it('raises data folder unwritable when a write into it fails, and resolves when writes work again', async () => {
    h = await startHarness();
    const w = watch(h);
    // Root may write anywhere, so the failure is a real one that permissions cannot bypass: the
    // check's file name is taken by a folder.
    const blocker = join(h.dataDir, '.write-check');
    mkdirSync(blocker);
    await w.checkNow();
    expect(h.storage.alerts.list()).toMatchObject([
      { key: 'data-folder-unwritable', category: 'storage', severity: 'critical', data: { path: blocker } },
    ]);
    expect(h.storage.alerts.attention()).toBe(1);
    rmdirSync(blocker);
    await w.checkNow();
    expect(keys(h)).toEqual([]);
    expect(h.storage.alerts.attention()).toBe(0);
  });

  it('is an error when not even the offered space fits on the disk', async () => {
    h = await startHarness({ quotaMaxBytes: EiB });
    h.sales.createAvailability({
      totalSize: 500n * TiB * 1024n,
      duration: 3600n,
      minPricePerBytePerSecond: 1n,
      totalCollateral: 1n,
    });
    await watch(h).checkNow();
    expect(h.storage.alerts.list()).toMatchObject([{ key: 'disk-below-quota', severity: 'error' }]);
  });
});
