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
import { formatBytes, formatDuration, formatGas, formatTokens } from '../../../src-renderer/state/format';

const value = (c: Conversion) => (c.ok ? c.converted : c.message);
const TST = { symbol: 'TST', decimals: 18 };
const USDC = { symbol: 'USDC', decimals: 6 };

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
    expect(value(priceToBaseUnits('1', 'token-gib-month', TST))).toEqual({ value: 360n, exact: false });
    expect(priceInTokensPerGiBMonth(360n, TST)).toBe('1.00192997081088');
  });

  it('converts a price that divides evenly without rounding', () => {
    const tokens = priceInTokensPerGiBMonth(1000n, TST);
    expect(tokens).toBe('2.783138807808');
    expect(value(priceToBaseUnits(tokens, 'token-gib-month', TST))).toEqual({ value: 1000n, exact: true });
    expect(PRICE_FACTOR).toBe(2n ** 30n * 2_592_000n);
  });

  it('accepts raw base units per byte per second only as whole numbers', () => {
    expect(value(priceToBaseUnits('1500', 'base-byte-second', undefined))).toEqual({ value: 1500n, exact: true });
    expect(value(priceToBaseUnits('1.5', 'base-byte-second', TST))).toBe('Base units are whole numbers');
  });

  it('converts collateral in tokens to base units with 18 decimals, refusing finer amounts', () => {
    expect(value(tokensToBaseUnits('12.5', 'token', TST))).toEqual({ value: 12_500_000_000_000_000_000n, exact: true });
    expect(value(tokensToBaseUnits('0.000000000000000001', 'token', TST))).toEqual({ value: 1n, exact: true });
    expect(value(tokensToBaseUnits('0.0000000000000000001', 'token', TST))).toBe(
      'TST has 18 decimals; use fewer digits after the point',
    );
  });

  it('converts with the decimals the market reports: a 6-decimal token', () => {
    expect(value(tokensToBaseUnits('12.5', 'token', USDC))).toEqual({ value: 12_500_000n, exact: true });
    expect(value(tokensToBaseUnits('0.0000001', 'token', USDC))).toBe(
      'USDC has 6 decimals; use fewer digits after the point',
    );
    // 1 USDC per GiB per month is 10^6 / (2^30 × 2,592,000) base units per byte per second: rounded up to 1.
    expect(value(priceToBaseUnits('1', 'token-gib-month', USDC))).toEqual({ value: 1n, exact: false });
    expect(priceInTokensPerGiBMonth(1n, USDC)).toBe('2783138807.808');
  });

  it('converts no whole tokens before the market has told its token, but base units still', () => {
    expect(value(tokensToBaseUnits('1', 'token', undefined))).toMatch(/Waiting for the market/);
    expect(value(priceToBaseUnits('1', 'token-gib-month', undefined))).toMatch(/Waiting for the market/);
    expect(value(tokensToBaseUnits('7', 'base', undefined))).toEqual({ value: 7n, exact: true });
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
    expect(formatTokens('1000000000000000000000', TST)).toBe('1,000 TST');
    expect(formatTokens('12000000', TST)).toBe('0.000000000012 TST');
    expect(formatTokens('1234567890000000000', TST)).toBe('1.2345 TST');
    expect(formatTokens('0', TST)).toBe('0 TST');
  });

  it('writes amounts in the token the market names, with its decimals', () => {
    expect(formatTokens('12345678', USDC)).toBe('12.3456 USDC');
    expect(formatTokens('1000000000', USDC)).toBe('1,000 USDC');
    expect(formatTokens('12', USDC)).toBe('0.000012 USDC');
    expect(formatTokens('-2500000', USDC)).toBe('−2.5 USDC');
    expect(formatTokens('1500', { symbol: 'PTS', decimals: 0 })).toBe('1,500 PTS');
    expect(formatTokens('1500', undefined)).toBe('1,500 base units');
    expect(formatGas('300000000000000000')).toBe('0.3 ETH');
  });

  it('shows durations by their two largest units', () => {
    expect(formatDuration(14 * 86_400 + 7200 + 5)).toBe('14 d 2 h');
    expect(formatDuration(65)).toBe('1 m 5 s');
    expect(formatDuration(0)).toBe('0 s');
  });
});
