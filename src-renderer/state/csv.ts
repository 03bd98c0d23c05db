// CSV as spreadsheets read it (RFC 4180 quoting), with formula-looking cells defused.

/** One cell's text, quoted when needed. */
function cell(value: string | number): string {
  let text = String(value);
  // A cell starting with = + @ would run as a formula in a spreadsheet.
  if (/^[=+@]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A unix time as ISO 8601 UTC, or '' when absent. */
export function isoTime(unixSeconds: number | undefined): string {
  return unixSeconds ? new Date(unixSeconds * 1000).toISOString() : '';
}

/** A header row and data rows as CSV text with CRLF line ends. */
export function csv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
