// Sizes as operators write them: "70 GiB", "500GB", "2 TiB", "1.5 TB", or plain bytes. One parser
// for the command line (--quota) and the dashboard's Settings, and the one formatter for bytes on
// screen and in messages. A plain module: the dashboard bundles it.
import { parseDecimal } from './decimal';

/** Bytes per unit; decimal units are powers of 1000, binary ones of 1024. */
export const byteUnits = {
  B: 1n,
  KB: 10n ** 3n,
  MB: 10n ** 6n,
  GB: 10n ** 9n,
  TB: 10n ** 12n,
  PB: 10n ** 15n,
  KiB: 2n ** 10n,
  MiB: 2n ** 20n,
  GiB: 2n ** 30n,
  TiB: 2n ** 40n,
  PiB: 2n ** 50n,
} as const;

/** What a size parses to: whole bytes, or what to write instead. */
export type ByteSizeResult = { ok: true; bytes: bigint; note?: string } | { ok: false; message: string };

const EXAMPLES = 'such as 70 GiB, 500 GB or 2 TiB (plain digits are bytes)';
const unitsByName = new Map(Object.entries(byteUnits).map(([name, size]) => [name.toLowerCase(), { name, size }]));

/** Parses a size; a fraction of a byte is dropped. Letters alone (K, M, G, T) are refused as ambiguous. */
export function parseByteSize(text: string): ByteSizeResult {
  const match = /^\s*([\d.,]+)\s*([A-Za-z]*)\s*$/.exec(text);
  if (!match) return { ok: false, message: `Write a size ${EXAMPLES}` };
  const [, number = '', unitText = ''] = match;
  const unit = unitText === '' ? { name: 'B', size: 1n } : unitsByName.get(unitText.toLowerCase());
  if (!unit) {
    const hint = /^[kmgtp]$/i.test(unitText)
      ? `"${unitText}" could mean ${unitText.toUpperCase()}B (powers of 1000) or ${unitText.toUpperCase()}iB (powers of 1024): write which`
      : `"${unitText}" is not a size unit`;
    return { ok: false, message: `${hint}; write a size ${EXAMPLES}` };
  }
  const decimal = parseDecimal(number);
  if (!decimal) return { ok: false, message: `"${number}" is not a number; write a size ${EXAMPLES}` };
  if (unit.size === 1n && decimal.scale > 0 && decimal.digits % 10n ** BigInt(decimal.scale) !== 0n)
    return { ok: false, message: 'A size in bytes is a whole number' };
  const bytes = (decimal.digits * unit.size) / 10n ** BigInt(decimal.scale);
  return { ok: true, bytes, ...(decimal.note ? { note: decimal.note } : {}) };
}

const binaryNames = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Bytes in binary units with up to two decimals: "18.25 GiB", "512 B". */
export function formatBytes(value: string | bigint): string {
  let bytes: bigint;
  try {
    bytes = typeof value === 'bigint' ? value : value ? BigInt(value) : 0n;
  } catch {
    bytes = 0n;
  }
  const negative = bytes < 0n;
  if (negative) bytes = -bytes;
  let unit = 0;
  while (unit < binaryNames.length - 1 && bytes >= 1024n ** BigInt(unit + 1)) unit++;
  const hundredths = (bytes * 100n) / 1024n ** BigInt(unit);
  const text =
    unit === 0
      ? String(bytes)
      : `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`.replace(/\.?0+$/, '');
  return `${negative ? '−' : ''}${text} ${binaryNames[unit]}`;
}

/** The smallest whole number of GiB at least `bytes`, written for a flag: "62GiB" (plain bytes below 1 GiB). */
export function roundUpToGiB(bytes: bigint): string {
  const gib = byteUnits.GiB;
  return bytes < gib ? String(bytes) : `${(bytes + gib - 1n) / gib}GiB`;
}
