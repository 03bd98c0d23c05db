// GET /api/export/slots.csv and /api/export/history.csv: every matching row as CSV, streamed as it
// is read, so a million rows never sit in memory. Behind the same token check as every api route;
// the filters are the slots and history lists' own (?phase=hosting&sort=payout, ?kind=payout&since=…),
// validated like a command's arguments.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiErrorCode } from '../api/errors';
import type { RunningApi } from '../api/service';
import { securityHeaders } from './static';

/** Where exports live. */
export const EXPORT_PREFIX = '/api/export/';

const tables: Record<string, 'slots' | 'history'> = { 'slots.csv': 'slots', 'history.csv': 'history' };
const statusOf: Partial<Record<ApiErrorCode, number>> = { 'invalid-argument': 400, 'not-found': 404, unavailable: 503 };

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}

/** Resolves once the response can take more, or the client went away (false). */
function drained(response: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (open: boolean) => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(open);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    response.on('drain', onDrain);
    response.on('close', onClose);
  });
}

/** Streams one export; the caller has checked the token. */
export async function serveExport(
  api: Pick<RunningApi, 'startExport'>,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const table = tables[url.pathname.slice(EXPORT_PREFIX.length)];
  if (request.method !== 'GET' || table === undefined) {
    plain(response, 404, `No export ${url.pathname}: GET ${EXPORT_PREFIX}slots.csv or ${EXPORT_PREFIX}history.csv`);
    return;
  }
  const args: Record<string, unknown> = { table };
  for (const [key, value] of url.searchParams)
    args[key] = key === 'since' && /^\d+$/.test(value) ? Number(value) : value;
  const started = await api.startExport(args);
  if (!started.ok) {
    plain(response, statusOf[started.error.code] ?? 500, started.error.message);
    return;
  }
  response.writeHead(200, {
    ...securityHeaders,
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${started.export.filename}"`,
    'Cache-Control': 'no-store',
  });
  try {
    for await (const chunk of started.export.chunks) {
      if (response.destroyed) return;
      if (!response.write(chunk) && !(await drained(response))) return;
    }
    response.end();
  } catch (error) {
    // The header went out already: cut the stream, so the client sees an incomplete file, not a short one.
    response.destroy(error as Error);
  }
}
