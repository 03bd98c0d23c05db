// An availability's "until" date: a datetime-local input (the operator's local time) as unix
// seconds, and back. Empty means no end date, which Codex writes as 0.
import type { Conversion } from './units';

const pad = (n: number) => String(n).padStart(2, '0');

/** Unix seconds for a datetime-local value; '' is 0 (no end date). */
export function localInputToUnix(text: string): Conversion {
  if (text.trim() === '') return { ok: true, converted: { value: 0n, exact: true } };
  const ms = new Date(text).getTime();
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(text) || Number.isNaN(ms))
    return { ok: false, message: 'Pick a date and time, or leave empty for no end date' };
  return { ok: true, converted: { value: BigInt(Math.floor(ms / 1000)), exact: true } };
}

/** A datetime-local value for unix seconds, in local time, seconds included so a round trip is exact. */
export function unixToLocalInput(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
