// Codex's JSON conventions (docs/reference/sales.md §7): u64 as JSON numbers, U256 as decimal strings, ids
// as 0x hex. Inputs accept decimal strings for u64, and decimal / 0x / 0o / 0b strings or integers
// for U256. Numbers are read from their source text, so values past 2^53 stay exact.

/** A JSON value with every number kept as a bigint (integers) or number (fractions). */
export type ExactJson = null | boolean | string | bigint | number | ExactJson[] | { [key: string]: ExactJson };

/** Parses JSON, turning integer literals into exact bigints. Throws SyntaxError with the parser's message. */
export function parseExactJson(text: string): ExactJson {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value === 'number' && context?.source && /^-?\d+$/.test(context.source)) return BigInt(context.source);
    return value;
  }) as ExactJson;
}

const BIG = '\u0000big:';

/** Serialises with bigints written as bare JSON numbers (Codex's u64 encoding). */
export function stringifyCodexJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? BIG + v.toString() : v)).replace(
    /"\\u0000big:(-?\d+)"/g,
    '$1',
  );
}

/** A field that failed to parse, in Codex's words. */
export class CodexParseError extends Error {}

/** Reads a u64 field: a JSON integer or a string of decimal digits; absent means zero. */
export function readU64(body: Record<string, ExactJson>, field: string): bigint {
  const value = body[field];
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'bigint') {
    if (value < 0n || value >= 1n << 64n) throw new CodexParseError('Parsed integer outside of valid range');
    return value;
  }
  if (typeof value === 'string') {
    if (/^-\d+$/.test(value)) throw new CodexParseError('Parsed integer outside of valid range');
    if (!/^\d+$/.test(value)) throw new CodexParseError(`Cannot parse ${field}: not an unsigned integer`);
    const parsed = BigInt(value);
    if (parsed >= 1n << 64n) throw new CodexParseError('Parsed integer outside of valid range');
    return parsed;
  }
  throw new CodexParseError(`Cannot parse ${field}: expected an unsigned integer`);
}

/** Reads an int64 field (until): a JSON integer or decimal string, negative allowed; absent means zero. */
export function readI64(body: Record<string, ExactJson>, field: string): bigint {
  const value = body[field];
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new CodexParseError(`Cannot parse ${field}: expected an integer`);
}

/** Reads a U256 field: decimal, 0x, 0o or 0b string, or a JSON integer; absent means zero. */
export function readU256(body: Record<string, ExactJson>, field: string): bigint {
  const value = body[field];
  if (value === undefined || value === null) return 0n;
  let parsed: bigint;
  if (typeof value === 'bigint') parsed = value;
  else if (typeof value === 'string' && /^(\d+|0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+)$/.test(value)) parsed = BigInt(value);
  else throw new CodexParseError(`Cannot parse ${field}: expected a UInt256 as a decimal string`);
  if (parsed < 0n || parsed >= 1n << 256n) throw new CodexParseError(`Cannot parse ${field}: outside UInt256`);
  return parsed;
}

/** Reads a bool field; absent means `fallback`. */
export function readBool(body: Record<string, ExactJson>, field: string, fallback: boolean): boolean {
  const value = body[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new CodexParseError(`Cannot parse ${field}: expected true or false`);
  return value;
}

/** The parsed body as an object, or a parse error naming what was wrong. */
export function readObject(text: string): Record<string, ExactJson> {
  let parsed: ExactJson;
  try {
    parsed = parseExactJson(text);
  } catch (error) {
    throw new CodexParseError((error as Error).message);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CodexParseError('Expected a JSON object');
  }
  return parsed;
}
