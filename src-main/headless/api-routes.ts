// Hands an authorised api request to its router: reads the body within its limit (413 past it),
// serves HEAD as GET without the body, and answers 503/404 for api families this host lacks.
import type { IncomingMessage } from 'node:http';
import { DEVNET_API_PREFIX, handleDevnetRest, type DevnetSource } from '../api/rest/devnet';
import { CODEX_API_PREFIX, handleCodexRest, type RestResponse } from '../api/rest/router';
import type { CodexRestSource } from '../api/rest/source';
import { MAX_BODY_BYTES, readBody } from './body';

/** The routers' sources. */
export interface ApiRouteSources {
  codex?: CodexRestSource;
  devnet?: DevnetSource;
}

const plain = (status: number, body: string, headers?: Record<string, string>): RestResponse => ({
  status,
  contentType: 'text/plain',
  body,
  headers,
});

/** Answers one api request whose `path` is already decoded. Never rejects. */
export async function routeApi(
  sources: ApiRouteSources,
  request: IncomingMessage,
  path: string,
): Promise<RestResponse> {
  const method = request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET');
  let body = '';
  if (method !== 'GET') {
    const read = await readBody(request);
    if (!read.ok && read.reason === 'too-large') {
      return plain(413, `The request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB).`, { Connection: 'close' });
    }
    if (!read.ok) return plain(400, 'The request body ended early.');
    body = read.body;
  }
  if (path.startsWith(CODEX_API_PREFIX + '/') || path === CODEX_API_PREFIX) {
    if (!sources.codex) return plain(503, 'Persistence is not enabled');
    return handleCodexRest(sources.codex, method, path.slice(CODEX_API_PREFIX.length), body);
  }
  if (path.startsWith(DEVNET_API_PREFIX + '/')) {
    if (!sources.devnet) return plain(404, 'The market is not the simulator');
    return handleDevnetRest(sources.devnet, method, path.slice(DEVNET_API_PREFIX.length), body);
  }
  return plain(404, `No api route ${method} ${path}`);
}
