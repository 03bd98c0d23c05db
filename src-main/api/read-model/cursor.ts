// Page cursors: where the last page ended (its last row's order values and id), with the order it
// was made for, as opaque base64url text. A cursor is untrusted input: one that does not decode,
// or was made for another order, is refused with a message, never half-used.
import { ApiFailure } from '../errors';
import type { PageKey } from './ports';

interface CursorBody {
  /** The order the cursor belongs to, e.g. "startedAt:desc" or "events". */
  o: string;
  v: (string | number)[];
  i: number;
}

/** The cursor text for continuing after `key` in `order`. */
export function encodeCursor(order: string, key: PageKey): string {
  const body: CursorBody = { o: order, v: [...key.values], i: key.id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

const refused = (why: string) =>
  new ApiFailure('invalid-argument', `Invalid arguments: cursor: ${why}; start again from the first page.`);

/** The page key in a cursor made for `order`; throws an invalid-argument ApiFailure otherwise. */
export function decodeCursor(cursor: string, order: string): PageKey {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused('not a cursor this host gave out');
  }
  const b = body as Partial<CursorBody> | null;
  const valuesOk =
    Array.isArray(b?.v) && b.v.length <= 4 && b.v.every((v) => typeof v === 'string' || Number.isFinite(v));
  if (typeof b?.o !== 'string' || !valuesOk || !Number.isSafeInteger(b.i)) {
    throw refused('not a cursor this host gave out');
  }
  if (b.o !== order) throw refused(`it belongs to another sort order (${b.o})`);
  return { values: b.v!, id: b.i! };
}
