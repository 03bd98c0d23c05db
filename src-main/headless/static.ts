// Serves the built dashboard. The files are public build output holding no operator data, so
// they load without the token (the URL's #token never reaches the server); every data call is
// authenticated separately.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, dashboardContentType } from '../api/security';

/** Headers every dashboard response carries. */
export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * Answers GET/HEAD for files under `root`; unknown paths get index.html so the dashboard's routes
 * work. `pathname` is the request's path, already percent-decoded.
 */
export function createStaticHandler(root: string) {
  const base = resolve(root);
  return async (request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', ...securityHeaders }).end();
      return;
    }
    let file = normalize(join(base, pathname));
    if (file !== base && !file.startsWith(base + sep)) {
      response.writeHead(404, securityHeaders).end();
      return;
    }
    let info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      file = join(base, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) {
      response.writeHead(503, { 'Content-Type': 'text/plain', ...securityHeaders });
      response.end('The dashboard has not been built. Run: npm run build');
      return;
    }
    response.writeHead(200, {
      'Content-Type': dashboardContentType(extname(file)),
      'Content-Length': info.size,
      'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      ...securityHeaders,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  };
}
