import { describe, expect, it } from 'vitest';
import {
  bestSizeUnit,
  bytesInUnit,
  durationToSeconds,
  exactDecimal,
  parseDecimal,
  PRICE_FACTOR,
  priceInTokensPerGiBMonth,
  priceToBaseUnits,
  sizeToBytes,
  tokensToBaseUnits,
  type Conversion,
} from '../../../src-renderer/state/units';
import { formatBytes, formatDuration, formatTokens } from '../../../src-renderer/state/format';

const value = (c: Conversion) => (c.ok ? c.converted : c.message);

describe('unit conversion', () => {
  it('reads decimals exactly, with thousands separators, and refuses words', () => {
    expect(parseDecimal('1.5')).toEqual({ digits: 15n, scale: 1 });
    expect(parseDecimal(' 1,000 ')).toEqual({ digits: 1000n, scale: 0 });
    expect(parseDecimal('.25')).toEqual({ digits: 25n, scale: 2 });
    expect(parseDecimal('1,5')).toBeUndefined();
    expect(parseDecimal('lots')).toBeUndefined();
    expect(parseDecimal('-3')).toBeUndefined();
  });

  it('converts decimal and binary sizes to exact bytes', () => {
    expect(value(sizeToBytes('1.5', 'GiB'))).toEqual({ value: 1_610_612_736n, exact: true });
    expect(value(sizeToBytes('2', 'TB'))).toEqual({ value: 2_000_000_000_000n, exact: true });
    expect(value(sizeToBytes('0.1', 'GiB'))).toEqual({ value: 107_374_182n, exact: false });
  });

  it('stays exact far beyond 2^53 bytes', () => {
    expect(value(sizeToBytes('9000.000000001', 'TiB'))).toEqual({
      value: 9000n * 2n ** 40n + 1099n,
      exact: false,
    });
  });

  it('converts days and hours to seconds', () => {
    expect(value(durationToSeconds('30', 'days'))).toEqual({ value: 2_592_000n, exact: true });
    expect(value(durationToSeconds('1.5', 'hours'))).toEqual({ value: 5400n, exact: true });
    expect(value(durationToSeconds('', 'hours'))).toBe('Enter a value');
  });

  it('rounds a price per GiB per month up to whole base units per byte per second, and says so', () => {
    // 1 TST per GiB per month is 10^18 / (2^30 × 2,592,000) ≈ 359.3 base units per byte per second.
    expect(value(priceToBaseUnits('1', 'token-gib-month'))).toEqual({ value: 360n, exact: false });
    expect(priceInTokensPerGiBMonth(360n)).toBe('1.00192997081088');
  });

  it('converts a price that divides evenly without rounding', () => {
    const tokens = priceInTokensPerGiBMonth(1000n);
    expect(tokens).toBe('2.783138807808');
    expect(value(priceToBaseUnits(tokens, 'token-gib-month'))).toEqual({ value: 1000n, exact: true });
    expect(PRICE_FACTOR).toBe(2n ** 30n * 2_592_000n);
  });

  it('accepts raw base units per byte per second only as whole numbers', () => {
    expect(value(priceToBaseUnits('1500', 'base-byte-second'))).toEqual({ value: 1500n, exact: true });
    expect(value(priceToBaseUnits('1.5', 'base-byte-second'))).toBe('Base units are whole numbers');
  });

  it('converts collateral in tokens to base units with 18 decimals, refusing finer amounts', () => {
    expect(value(tokensToBaseUnits('12.5', 'token'))).toEqual({ value: 12_500_000_000_000_000_000n, exact: true });
    expect(value(tokensToBaseUnits('0.000000000000000001', 'token'))).toEqual({ value: 1n, exact: true });
    expect(value(tokensToBaseUnits('0.0000000000000000001', 'token'))).toMatch(/18 decimals/);
  });

  it('writes values back exactly for prefilling a form', () => {
    expect(bytesInUnit(107_374_182n, 'GiB')).toBe('0.09999999962747097015380859375');
    expect(exactDecimal(1n, 3n, 5)).toBe('0.33333…');
    expect(bestSizeUnit(60n * 2n ** 30n)).toBe('GiB');
    expect(bestSizeUnit(500_000_000_000n)).toBe('GB');
    expect(bestSizeUnit(1000n)).toBe('MB');
  });
});

describe('display formats', () => {
  it('shows sizes in binary units and tokens with sensible precision', () => {
    expect(formatBytes('19327352832')).toBe('18 GiB');
    expect(formatBytes(1536n)).toBe('1.5 KiB');
    expect(formatBytes('512')).toBe('512 B');
    expect(formatTokens('1000000000000000000000')).toBe('1,000 TST');
    expect(formatTokens('12000000')).toBe('0.000000000012 TST');
    expect(formatTokens('1234567890000000000')).toBe('1.2345 TST');
    expect(formatTokens('0')).toBe('0 TST');
  });

  it('shows durations by their two largest units', () => {
    expect(formatDuration(14 * 86_400 + 7200 + 5)).toBe('14 d 2 h');
    expect(formatDuration(65)).toBe('1 m 5 s');
    expect(formatDuration(0)).toBe('0 s');
  });
});
