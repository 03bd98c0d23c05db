// Serves the backups the dashboard asked for, so a browser on another machine can keep a copy:
// only files of the backups folder with the names the host gives them, behind the token.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { BACKUP_DOWNLOAD_PREFIX, BACKUP_NAME } from '../compose/backups';
import { securityHeaders } from './static';

/** Whether `path` is a backup download. */
export const isBackupDownload = (path: string) => path.startsWith(BACKUP_DOWNLOAD_PREFIX + '/');

/** Answers GET/HEAD of one backup in `dir`. */
export function serveBackup(dir: string, request: IncomingMessage, response: ServerResponse, path: string): void {
  const name = path.slice(BACKUP_DOWNLOAD_PREFIX.length + 1);
  const plain = (status: number, text: string, extra: Record<string, string> = {}): void =>
    void response
      .writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...extra })
      .end(text);
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Use GET.', { Allow: 'GET, HEAD' });
  if (!BACKUP_NAME.test(name)) return plain(404, 'No such backup.');
  const file = join(dir, name);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return plain(404, 'No such backup.');
  }
  response.writeHead(200, {
    ...securityHeaders,
    'Content-Type': 'application/x-tar',
    'Content-Length': size,
    'Content-Disposition': `attachment; filename="${name}"`,
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
}
