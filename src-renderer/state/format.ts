// How numbers, sizes, money and times read on screen. Inputs are the api's decimal strings or
// bigints; nothing that can exceed 2^53 goes through Number before it is scaled down.
import type { TokenDto } from '../../src-main/api/dto';
import { oneToken, PRICE_FACTOR } from './units';

const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;
const thousands = new Intl.NumberFormat('en-US');

/** A bigint-able value: a decimal string from the api or a bigint. */
export type Big = string | bigint;

/** BigInt of an api value; a malformed value counts as zero rather than breaking a screen. */
export function big(value: Big | undefined): bigint {
  if (typeof value === 'bigint') return value;
  try {
    return value ? BigInt(value) : 0n;
  } catch {
    return 0n;
  }
}

/** A whole number with thousands separators. */
export function formatCount(value: number | bigint): string {
  return thousands.format(value);
}

/** Bytes in binary units with up to two decimals: "18.25 GiB", "512 B". */
export function formatBytes(value: Big): string {
  let bytes = big(value);
  const negative = bytes < 0n;
  if (negative) bytes = -bytes;
  let unit = 0;
  while (unit < binaryUnits.length - 1 && bytes >= 1024n ** BigInt(unit + 1)) unit++;
  const hundredths = (bytes * 100n) / 1024n ** BigInt(unit);
  const text =
    unit === 0 ? String(bytes) : trimZeros(`${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`);
  return `${negative ? '−' : ''}${text} ${binaryUnits[unit]}`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * Token base units as tokens of the market's token: four decimals for large amounts, four
 * significant digits for tiny ones. Before the market has told its token, base units as they are.
 */
export function formatTokens(value: Big, token: TokenDto | undefined): string {
  const units = big(value);
  if (!token) return `${formatCount(units)} base units`;
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const one = oneToken(token);
  const whole = abs / one;
  const fraction = token.decimals > 0 ? String(abs % one).padStart(token.decimals, '0') : '';
  let shown: string;
  if (fraction === '') shown = thousands.format(whole);
  else if (whole > 0n) shown = trimZeros(`${thousands.format(whole)}.${fraction.slice(0, 4)}`);
  else {
    const firstDigit = fraction.search(/[1-9]/);
    shown = firstDigit < 0 ? '0' : trimZeros(`0.${fraction.slice(0, Math.min(token.decimals, firstDigit + 4))}`);
  }
  return `${negative ? '−' : ''}${shown} ${token.symbol}`;
}

/** The gas coin of every EVM chain: 18 decimals. */
const GAS_COIN: TokenDto = { symbol: 'ETH', decimals: 18 };

/** A gas balance in wei, as the chain's coin. */
export function formatGas(wei: Big): string {
  return formatTokens(wei, GAS_COIN);
}

/** A price per byte per second as tokens per GiB per month. */
export function formatPrice(perByteSecond: Big, token: TokenDto | undefined): string {
  return `${formatTokens(big(perByteSecond) * PRICE_FACTOR, token)} / GiB·month`;
}

/** A duration in seconds, two largest units: "14 d 2 h", "5 m 3 s". */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return '0 s';
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'm'],
    [Math.floor(seconds % 60), 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n} ${u}`)
    .join(' ');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A unix time as local "YYYY-MM-DD HH:MM". */
export function formatTime(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A unix time relative to the chain clock: "in 3 d 4 h", "5 m ago". */
export function formatRelative(unixSeconds: number, now: number): string {
  const delta = unixSeconds - now;
  if (Math.abs(delta) < 1) return 'now';
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}

/** A long hex id shortened for tables: "0x1234…abcd". */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
}

/** part / whole as a number between 0 and 1, computed in bigint so huge values stay accurate. */
export function fraction(part: Big, whole: Big): number {
  const w = big(whole);
  if (w <= 0n) return 0;
  const p = big(part);
  const clamped = p < 0n ? 0n : p > w ? w : p;
  return Number((clamped * 1_000_000n) / w) / 1_000_000;
}

/** A fraction as a percentage: "42 %", "0.5 %". */
export function formatPercent(value: number): string {
  const pct = value * 100;
  return `${pct > 0 && pct < 1 ? pct.toFixed(1) : Math.round(pct)} %`;
}
