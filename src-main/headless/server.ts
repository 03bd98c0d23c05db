// The headless HTTP server: the dashboard's files, the authenticated api routes and the
// WebSocket bridge on one port. Every request passes the same doors in the same order: a Host
// this server answers to, a well-formed path, then (for the api) the token, a connection slot,
// and a same-origin Origin on anything that changes state.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiService } from '../api/dispatch';
import type { DevnetSource } from '../api/rest/devnet';
import type { RestResponse } from '../api/rest/router';
import type { CodexRestSource } from '../api/rest/source';
import { routeApi } from './api-routes';
import { isAuthorized } from './auth';
import { isBackupDownload, serveBackup } from './backup-download';
import { ConnectionGuard, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './connection-guard';
import { allowedHosts, hostAllowed, originAllowed, SAFE_METHODS } from './http-guard';
import { createStaticHandler, securityHeaders } from './static';
import { createWsBridge, DEFAULT_BRIDGE_LIMITS, type BridgeLimits } from './ws-bridge';

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
  /** Host names accepted besides the listen address and loopback (`--allowed-host`), e.g. a reverse proxy's. */
  allowedHosts?: readonly string[];
  connectionLimits?: ConnectionLimits;
  bridgeLimits?: BridgeLimits;
  /** The folder of backups made through the api, served for download; none when absent. */
  backupsDir?: string;
}

/** A listening server. */
export interface HeadlessServer {
  host: string;
  port: number;
  /** The address to open, token included in the fragment so it never reaches logs or the server. */
  url: string;
  close(): Promise<void>;
}

/** The request target's path, percent-decoded; undefined when it is not an origin-form path or does not decode. */
function requestPath(request: IncomingMessage): string | undefined {
  const target = request.url ?? '/';
  if (!target.startsWith('/')) return undefined;
  try {
    return decodeURIComponent(new URL(`http://x${target}`).pathname);
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, reply: RestResponse, headOnly = false): void {
  const headers: Record<string, string | number> = { ...securityHeaders, ...reply.headers };
  if (reply.contentType) headers['Content-Type'] = `${reply.contentType}; charset=utf-8`;
  headers['Content-Length'] = Buffer.byteLength(reply.body);
  response.writeHead(reply.status, headers).end(headOnly ? undefined : reply.body);
}

const plain = (status: number, body: string, headers?: Record<string, string>): RestResponse => ({
  status,
  contentType: 'text/plain',
  body,
  headers,
});

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  421: 'Misdirected Request',
  503: 'Service Unavailable',
};

function refuseUpgrade(socket: Duplex, status: number, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Starts listening; rejects with the OS's reason when the address cannot be bound. */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const log = options.log ?? (() => {});
  const serveStatic = createStaticHandler(options.rendererDir);
  const bridge = createWsBridge(options.api, log, options.bridgeLimits ?? DEFAULT_BRIDGE_LIMITS);
  let hosts = new Set<string>();
  const foreignHost = (request: IncomingMessage) =>
    `This server does not answer to the host name "${request.headers.host ?? ''}". Open it by the address it printed, or start it with --allowed-host NAME.`;
  const tooMany = 'Too many connections with the token are open; close some and retry.';

  const server = createServer();
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  const guard = new ConnectionGuard(server, options.connectionLimits ?? DEFAULT_CONNECTION_LIMITS, log);

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!hostAllowed(request, hosts)) return send(response, plain(421, foreignHost(request)));
    const path = requestPath(request);
    if (path === undefined) return send(response, plain(400, 'Malformed request path: check its percent-encoding.'));
    if (path !== '/api' && !path.startsWith('/api/')) {
      serveStatic(request, response, path).catch((error: unknown) => {
        if (!response.headersSent) send(response, plain(500, String(error)));
        else response.destroy();
      });
      return;
    }
    // Answers about the operator's node must never be kept by a browser or a proxy.
    response.setHeader('Cache-Control', 'no-store');
    if (!isAuthorized(request, options.token)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="slotkeeper"');
      return send(response, plain(401, 'Missing or wrong token: send Authorization: Bearer <token>.'));
    }
    if (!guard.authenticate(request.socket)) return send(response, plain(503, tooMany, { 'Retry-After': '5' }));
    const method = request.method ?? 'GET';
    if (!SAFE_METHODS.has(method) && !originAllowed(request)) {
      return send(response, plain(403, `A page from ${request.headers.origin} may not change this node.`));
    }
    if (options.backupsDir && isBackupDownload(path)) return serveBackup(options.backupsDir, request, response, path);
    routeApi(options, request, path).then(
      (reply) => send(response, reply, method === 'HEAD'),
      (error: Error) => send(response, plain(500, error.message)),
    );
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log(`websocket upgrade failed: ${error.message}`));
    if (!hostAllowed(request, hosts)) return refuseUpgrade(socket, 421, foreignHost(request));
    if (requestPath(request) !== '/ws') return refuseUpgrade(socket, 404, 'No WebSocket here; use /ws.');
    if (!originAllowed(request)) {
      return refuseUpgrade(
        socket,
        403,
        `A page from ${request.headers.origin} may not open the dashboard's WebSocket.`,
      );
    }
    if (!isAuthorized(request, options.token)) return refuseUpgrade(socket, 401, 'Missing or wrong token.');
    if (!guard.authenticate(request.socket)) return refuseUpgrade(socket, 503, tooMany);
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
  hosts = allowedHosts(options.host, port, options.allowedHosts);
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
