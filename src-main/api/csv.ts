// CSV as spreadsheets read it (RFC 4180 quoting, CRLF line ends), with formula-looking cells
// defused: a cell starting with = + @ would run as a formula when the file is opened.

/** One cell's text, quoted when needed. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+@]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row as a CSV line, CRLF included. */
export function csvLine(cells: readonly (string | number)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** A unix time as ISO 8601 UTC, or '' when absent. */
export function isoTime(unixSeconds: number | undefined): string {
  return unixSeconds ? new Date(unixSeconds * 1000).toISOString() : '';
}
