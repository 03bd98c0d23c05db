// The headless HTTP server: the dashboard's files, the authenticated api routes and the
// WebSocket bridge on one port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiService } from '../api/dispatch';
import { DEVNET_API_PREFIX, handleDevnetRest, type DevnetSource } from '../api/rest/devnet';
import { CODEX_API_PREFIX, handleCodexRest, type RestResponse } from '../api/rest/router';
import type { CodexRestSource } from '../api/rest/source';
import { isAuthorized } from './auth';
import { createStaticHandler, securityHeaders } from './static';
import { createWsBridge } from './ws-bridge';

/** What the server needs to run. */
export interface HeadlessServerOptions {
  api: ApiService;
  token: string;
  host: string;
  port: number;
  rendererDir: string;
  /** The Codex-compatible REST api; absent routes answer 503 like a Codex node without a marketplace. */
  codex?: CodexRestSource;
  /** Simulator control; only when the market is the simulator. */
  devnet?: DevnetSource;
  /** Where misbehaving clients are reported (the engine's log); silent when absent. */
  log?: (line: string) => void;
}

/** Largest request body accepted, in bytes. */
const MAX_BODY_BYTES = 1 << 20;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('Request body larger than 1 MiB'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: RestResponse): void {
  const headers: Record<string, string> = { ...securityHeaders };
  if (reply.contentType) headers['Content-Type'] = `${reply.contentType}; charset=utf-8`;
  response.writeHead(reply.status, headers).end(reply.body);
}

async function routeApi(options: HeadlessServerOptions, request: IncomingMessage, path: string): Promise<RestResponse> {
  const method = request.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(request);
  if (path.startsWith(CODEX_API_PREFIX + '/') || path === CODEX_API_PREFIX) {
    if (!options.codex) return { status: 503, contentType: 'text/plain', body: 'Persistence is not enabled' };
    return handleCodexRest(options.codex, method, path.slice(CODEX_API_PREFIX.length), body);
  }
  if (path.startsWith(DEVNET_API_PREFIX + '/')) {
    if (!options.devnet) return { status: 404, contentType: 'text/plain', body: 'The market is not the simulator' };
    return handleDevnetRest(options.devnet, method, path.slice(DEVNET_API_PREFIX.length), body);
  }
  return { status: 404, contentType: 'text/plain', body: `No api route ${method} ${path}` };
}

/** A listening server. */
export interface HeadlessServer {
  host: string;
  port: number;
  /** The address to open, token included in the fragment so it never reaches logs or the server. */
  url: string;
  close(): Promise<void>;
}

/** Starts listening; rejects with the OS's reason when the address cannot be bound. */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const serveStatic = createStaticHandler(options.rendererDir);
  const bridge = createWsBridge(options.api, options.token, options.log);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/api' || path.startsWith('/api/')) {
      if (!isAuthorized(request, options.token)) {
        response.setHeader('WWW-Authenticate', 'Bearer realm="slotkeeper"');
        send(response, {
          status: 401,
          contentType: 'text/plain',
          body: 'Missing or wrong token: send Authorization: Bearer <token>.',
        });
        return;
      }
      routeApi(options, request, path).then(
        (reply) => send(response, reply),
        (error: Error) => send(response, { status: 400, contentType: 'text/plain', body: error.message }),
      );
      return;
    }
    serveStatic(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, { status: 500, contentType: 'text/plain', body: String(error) });
      else response.destroy();
    });
  });
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    bridge.handleUpgrade(request, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    host: options.host,
    port,
    url: `http://${urlHost}:${port}/#token=${options.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        bridge.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
