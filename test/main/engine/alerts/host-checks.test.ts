import { describe, expect, it } from 'vitest';
import {
  circuitsAlert,
  defaultWalletThresholds,
  diskAlert,
  repoQuota,
  walletAlerts,
} from '../../../../src-main/engine/index';

const GiB = 1024n ** 3n;
const TST = { symbol: 'TST', decimals: 18 };
const token = (whole: bigint) => whole * 10n ** 18n;

describe('diskAlert', () => {
  it('is quiet while the disk can hold what the quota leaves to write', () => {
    expect(
      diskAlert(
        repoQuota({ max: 50n * GiB, used: 10n * GiB, reserved: 20n * GiB, diskFree: 40n * GiB, diskTotal: 100n * GiB }),
      ),
    ).toBeUndefined();
  });

  it('warns when the quota promises more than the disk has free, naming a quota that fits', () => {
    const alert = diskAlert(
      repoQuota({ max: 100n * GiB, used: 10n * GiB, reserved: 20n * GiB, diskFree: 40n * GiB, diskTotal: 100n * GiB }),
    );
    expect(alert).toMatchObject({ key: 'disk-below-quota', category: 'disk', severity: 'warning' });
    expect(alert?.message).toBe(
      'The quota leaves 90 GiB to write, but the disk has only 40 GiB free. Lower the quota to 50 GiB or less, or free disk space.',
    );
    expect(alert?.data).toMatchObject({ fittingQuotaBytes: String(50n * GiB), diskFreeBytes: String(40n * GiB) });
  });

  it('is an error once even what the availabilities offer no longer fits on the disk', () => {
    const alert = diskAlert(
      repoQuota({
        max: 100n * GiB,
        used: 0n,
        reserved: 60n * GiB,
        diskFree: 25n * GiB + GiB / 2n,
        diskTotal: 100n * GiB,
      }),
    );
    expect(alert?.severity).toBe('error');
    expect(alert?.message).toContain('only 25.5 GiB free, less than the 60 GiB your availabilities offer');
  });
});

describe('circuitsAlert', () => {
  it('is critical with the proof system’s own reason, and quiet when it can prove', () => {
    expect(circuitsAlert({ ready: true })).toBeUndefined();
    expect(circuitsAlert({ ready: false, reason: 'proof_main.zkey is missing from /data/circuits.' })).toMatchObject({
      key: 'circuit-files-missing',
      category: 'circuits',
      severity: 'critical',
      message: expect.stringContaining('proof_main.zkey is missing from /data/circuits.'),
      data: { reason: 'proof_main.zkey is missing from /data/circuits.' },
    });
  });
});

describe('walletAlerts', () => {
  const thresholds = defaultWalletThresholds(TST);

  it('defaults to 1 whole token and 0.01 of the gas coin', () => {
    expect(thresholds).toEqual({ minTokens: 10n ** 18n, minGas: 10n ** 16n });
    expect(defaultWalletThresholds({ symbol: 'USDC', decimals: 6 }).minTokens).toBe(1_000_000n);
  });

  it('warns about tokens below the mark, in whole tokens', () => {
    const { tokens, gas } = walletAlerts('0xab', { token: token(1n) / 2n, gas: undefined }, TST, thresholds);
    expect(gas).toBeUndefined();
    expect(tokens).toMatchObject({ key: 'wallet-low-tokens', severity: 'warning' });
    expect(tokens?.message).toContain('The wallet holds 0.5 TST, below your low mark of 1 TST');
    expect(tokens?.data).toMatchObject({ balance: String(token(1n) / 2n), threshold: String(token(1n)) });
  });

  it('is an error for gas below the mark, and quiet at or above both marks', () => {
    expect(walletAlerts('0xab', { token: token(5n), gas: 10n ** 15n }, TST, thresholds).gas).toMatchObject({
      key: 'wallet-low-gas',
      severity: 'error',
      message: expect.stringContaining('0.001 ETH for gas, below your low mark of 0.01 ETH'),
    });
    expect(walletAlerts('0xab', { token: token(1n), gas: 10n ** 16n }, TST, thresholds)).toEqual({
      tokens: undefined,
      gas: undefined,
    });
  });
});
