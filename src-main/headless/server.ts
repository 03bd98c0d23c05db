// The headless HTTP server: the dashboard's files, the authenticated api routes and the
// WebSocket bridge on one port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiService } from '../api/dispatch';
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
}

/** A listening server. */
export interface HeadlessServer {
  host: string;
  port: number;
  /** The address to open, token included in the fragment so it never reaches logs or the server. */
  url: string;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...securityHeaders });
  response.end(JSON.stringify(body));
}

/** Starts listening; rejects with the OS's reason when the address cannot be bound. */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const serveStatic = createStaticHandler(options.rendererDir);
  const bridge = createWsBridge(options.api, options.token);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/api' || path.startsWith('/api/')) {
      if (!isAuthorized(request, options.token)) {
        response.setHeader('WWW-Authenticate', 'Bearer realm="slotkeeper"');
        sendJson(response, 401, { error: 'Missing or wrong token: send Authorization: Bearer <token>.' });
        return;
      }
      sendJson(response, 404, { error: `No api route ${request.method} ${path}.` });
      return;
    }
    serveStatic(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) });
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
