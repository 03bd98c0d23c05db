// Exact conversion between what an operator types (GiB, days, tokens per GiB per month) and
// Codex's units (bytes, seconds, token base units per byte per second). Everything is BigInt
// arithmetic on the decimal the person typed, so nothing is lost to floating point; where a value
// cannot be represented exactly, the caller learns the integer that will be sent. Token amounts
// use the decimals the market reports (MarketDto.token): no token is assumed.
import type { TokenDto } from '../../src-main/api/dto';

/** Base units in one whole token of the market's token. */
export function oneToken(token: TokenDto): bigint {
  return 10n ** BigInt(token.decimals);
}
/** A month for prices: 30 days, the marketplace's longest request duration. */
export const SECONDS_PER_MONTH = 30n * 86_400n;
const GiB = 2n ** 30n;
/** Base units per byte per second × this = base units per GiB per month. */
export const PRICE_FACTOR = GiB * SECONDS_PER_MONTH;

/** Size units offered in forms. */
export const sizeUnits = { MB: 10n ** 6n, GB: 10n ** 9n, GiB, TB: 10n ** 12n, TiB: 2n ** 40n } as const;
/** A size unit's name. */
export type SizeUnit = keyof typeof sizeUnits;
/** Duration units offered in forms. */
export const durationUnits = { hours: 3600n, days: 86_400n } as const;
/** A duration unit's name. */
export type DurationUnit = keyof typeof durationUnits;
/** How a price is typed: tokens per GiB per month, or Codex's raw base units per byte per second. */
export type PriceUnit = 'token-gib-month' | 'base-byte-second';
/** How collateral is typed: whole tokens (with decimals) or base units. */
export type TokenUnit = 'token' | 'base';

/** A decimal exactly as typed: digits / 10^scale. */
export interface Decimal {
  digits: bigint;
  scale: number;
}

/** The integer that will be sent, and whether it equals the typed value exactly. */
export interface Converted {
  value: bigint;
  exact: boolean;
}

/** A conversion's outcome: the value, or a message saying what to type instead. */
export type Conversion = { ok: true; converted: Converted } | { ok: false; message: string };

/** Parses "12", "1.5", " 0.25 ", "1,000" (commas as thousands separators); undefined when not a number. */
export function parseDecimal(text: string): Decimal | undefined {
  const cleaned = text.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[1] === '' && !match[2])) return undefined;
  const fraction = match[2] ?? '';
  return { digits: BigInt((match[1] || '0') + fraction), scale: fraction.length };
}

/** value = decimal × multiplier / divisor, rounded the given way. */
export function scale(decimal: Decimal, multiplier: bigint, divisor: bigint, round: 'down' | 'up'): Converted {
  const numerator = decimal.digits * multiplier;
  const denominator = divisor * 10n ** BigInt(decimal.scale);
  const value = numerator / denominator;
  const exact = value * denominator === numerator;
  return { value: !exact && round === 'up' ? value + 1n : value, exact };
}

function convert(text: string, multiplier: bigint, divisor: bigint, round: 'down' | 'up'): Conversion {
  if (text.trim() === '') return { ok: false, message: 'Enter a value' };
  const decimal = parseDecimal(text);
  if (!decimal) return { ok: false, message: 'Enter a number such as 50 or 1.5' };
  return { ok: true, converted: scale(decimal, multiplier, divisor, round) };
}

/** Bytes in a typed size; a fraction of a byte is dropped. */
export function sizeToBytes(text: string, unit: SizeUnit): Conversion {
  return convert(text, sizeUnits[unit], 1n, 'down');
}

/** Seconds in a typed duration; a fraction of a second is dropped. */
export function durationToSeconds(text: string, unit: DurationUnit): Conversion {
  return convert(text, durationUnits[unit], 1n, 'down');
}

/** Said while the market has not told its token yet: whole tokens cannot be converted before that. */
export const TOKEN_UNKNOWN = 'Waiting for the market to tell its token; enter base units meanwhile';

/**
 * Codex's minPricePerBytePerSecond for a typed price. Rounded up: it is a minimum, and rounding
 * down would accept slots paying less than the operator asked for.
 */
export function priceToBaseUnits(text: string, unit: PriceUnit, token: TokenDto | undefined): Conversion {
  if (unit === 'base-byte-second') return whole(text);
  if (!token) return { ok: false, message: TOKEN_UNKNOWN };
  return convert(text, oneToken(token), PRICE_FACTOR, 'up');
}

/** Token base units for typed collateral; more decimals than the token has cannot be sent. */
export function tokensToBaseUnits(text: string, unit: TokenUnit, token: TokenDto | undefined): Conversion {
  if (unit === 'base') return whole(text);
  if (!token) return { ok: false, message: TOKEN_UNKNOWN };
  const result = convert(text, oneToken(token), 1n, 'down');
  if (result.ok && !result.converted.exact)
    return {
      ok: false,
      message: `${token.symbol} has ${token.decimals} decimals; use fewer digits after the point`,
    };
  return result;
}

function whole(text: string): Conversion {
  const result = convert(text, 1n, 1n, 'down');
  if (result.ok && !result.converted.exact) return { ok: false, message: 'Base units are whole numbers' };
  return result;
}

/** numerator / denominator as an exact decimal string when it terminates (denominators of 2s and 5s do). */
export function exactDecimal(numerator: bigint, denominator: bigint, maxDigits = 40): string {
  const whole = numerator / denominator;
  let rest = numerator % denominator;
  let fraction = '';
  while (rest !== 0n && fraction.length < maxDigits) {
    rest *= 10n;
    fraction += String(rest / denominator);
    rest %= denominator;
  }
  return fraction ? `${whole}.${fraction}${rest !== 0n ? '…' : ''}` : String(whole);
}

/** A byte count written in a unit, exactly (for prefilling forms). */
export function bytesInUnit(bytes: bigint, unit: SizeUnit): string {
  return exactDecimal(bytes, sizeUnits[unit]);
}

/** The unit that writes a byte count most briefly, preferring binary units on ties. */
export function bestSizeUnit(bytes: bigint): SizeUnit {
  const order: SizeUnit[] = ['TiB', 'GiB', 'TB', 'GB', 'MB'];
  const fits = order.filter((u) => bytes >= sizeUnits[u]);
  const candidates = fits.length > 0 ? fits : (['MB'] as SizeUnit[]);
  return candidates.reduce((best, u) => (bytesInUnit(bytes, u).length < bytesInUnit(bytes, best).length ? u : best));
}

/** A price in base units per byte per second, as whole tokens per GiB per month (exact). */
export function priceInTokensPerGiBMonth(perByteSecond: bigint, token: TokenDto): string {
  return exactDecimal(perByteSecond * PRICE_FACTOR, oneToken(token));
}

/** Base units as whole tokens (exact). */
export function baseUnitsInTokens(baseUnits: bigint, token: TokenDto): string {
  return exactDecimal(baseUnits, oneToken(token));
}
