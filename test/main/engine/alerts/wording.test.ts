import { describe, expect, it } from 'vitest';
import { formatBytes, formatTokenAmount } from '../../../../src-main/engine/index';

describe('alert wording', () => {
  it('writes sizes in binary units with one decimal', () => {
    expect(formatBytes(0n)).toBe('0 B');
    expect(formatBytes(1023n)).toBe('1023 B');
    expect(formatBytes(1536n)).toBe('1.5 KiB');
    expect(formatBytes(20n * 1024n ** 3n)).toBe('20 GiB');
    expect(formatBytes(2n ** 70n)).toBe('1024 EiB');
  });

  it('writes amounts in whole tokens with up to four decimals', () => {
    expect(formatTokenAmount(1_500_000_000_000_000_000n, { symbol: 'TST', decimals: 18 })).toBe('1.5 TST');
    expect(formatTokenAmount(12n, { symbol: 'TST', decimals: 0 })).toBe('12 TST');
    expect(formatTokenAmount(1n, { symbol: 'TST', decimals: 18 })).toBe('0 TST');
    expect(formatTokenAmount(1_234_567n * 10n ** 18n, { symbol: 'TST', decimals: 18 })).toBe('1,234,567 TST');
  });
});
