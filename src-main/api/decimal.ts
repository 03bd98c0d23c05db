// Numbers as people type them: "50", "1.5", "1,5" (a decimal comma), "1,000" or "1.000.000"
// (thousands separators). Where a comma could be either, it is read as a thousands separator and
// the reading is said, so the operator sees how their number was understood. A plain module: the
// dashboard's forms and the command line parse with this one function.

/** A decimal exactly as typed: digits / 10^scale, and how an ambiguous number was read. */
export interface Decimal {
  digits: bigint;
  scale: number;
  /** Set when the text could be read two ways: which way it was read. */
  note?: string;
}

const grouped = (text: string, separator: string) => new RegExp(`^\\d{1,3}(\\${separator}\\d{3})+$`).test(text);

/** Splits the text into whole and fraction digits, with a note when a separator was ambiguous. */
function split(text: string): { whole: string; fraction: string; note?: string } | undefined {
  const dots = text.split('.').length - 1;
  const commas = text.split(',').length - 1;
  if (dots > 0 && commas > 0) {
    // Both: the last one is the decimal mark, the other groups thousands ("1,234.5", "1.234,5").
    const mark = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
    const group = mark === '.' ? ',' : '.';
    const [whole = '', fraction = '', ...rest] = text.split(mark);
    if (rest.length > 0 || !grouped(whole, group)) return undefined;
    return { whole: whole.split(group).join(''), fraction };
  }
  if (commas === 1 && !grouped(text, ',')) {
    const [whole = '', fraction = ''] = text.split(',');
    return { whole, fraction };
  }
  if (commas > 0) {
    if (!grouped(text, ',')) return undefined;
    const whole = text.split(',').join('');
    // "1,000" is surely a thousand; "1,500" might have meant one and a half.
    const decimalReading = text.replace(',', '.').replace(/0+$/, '');
    const note =
      commas === 1 && !text.endsWith(',000')
        ? `Read as ${whole}: the comma separates thousands (write ${decimalReading} for a decimal).`
        : undefined;
    return { whole, fraction: '', ...(note ? { note } : {}) };
  }
  if (dots > 1) return grouped(text, '.') ? { whole: text.split('.').join(''), fraction: '' } : undefined;
  const [whole = '', fraction = ''] = text.split('.');
  return { whole, fraction };
}

/** Parses a non-negative decimal; undefined when the text is not one. */
export function parseDecimal(text: string): Decimal | undefined {
  const parts = split(text.trim());
  if (!parts || !/^\d*$/.test(parts.whole) || !/^\d*$/.test(parts.fraction)) return undefined;
  if (parts.whole === '' && parts.fraction === '') return undefined;
  const decimal: Decimal = { digits: BigInt((parts.whole || '0') + parts.fraction), scale: parts.fraction.length };
  if (parts.note) decimal.note = parts.note;
  return decimal;
}
