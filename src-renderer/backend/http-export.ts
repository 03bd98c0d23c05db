// Exports in a browser: the headless host streams the CSV from /api/export/<table>.csv behind the
// same token as the WebSocket (sent as a header, never in the address), and the rows are gathered
// into a Blob for the browser to save.
import type { CommandArgs } from '../../src-main/api/contract';
import type { ApiErrorCode } from '../../src-main/api/errors';
import { BackendError, type ExportOutcome } from './backend';

const codeOf = (status: number): ApiErrorCode =>
  status === 400 ? 'invalid-argument' : status === 401 ? 'unauthorized' : status === 404 ? 'not-found' : 'unavailable';

/** Fetches one export from `origin` (http://host:port). */
export async function fetchExport(
  origin: string,
  token: string,
  request: CommandArgs<'export.save'>,
): Promise<ExportOutcome> {
  const { table, ...filter } = request;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
  const search = query.size > 0 ? `?${query}` : '';
  let response: Response;
  try {
    response = await fetch(`${origin}/api/export/${table}.csv${search}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  } catch (error) {
    throw new BackendError({ code: 'unavailable', message: `The export could not be fetched: ${String(error)}` });
  }
  if (!response.ok || !response.body) {
    throw new BackendError({ code: codeOf(response.status), message: await response.text() });
  }
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let lines = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array<ArrayBuffer>);
    for (const byte of value) if (byte === 10) lines++;
  }
  const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${table}.csv`;
  return {
    kind: 'download',
    blob: new Blob(chunks, { type: 'text/csv;charset=utf-8' }),
    filename,
    rows: Math.max(0, lines - 1),
  };
}
