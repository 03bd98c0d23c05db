// A loopback proxy in front of the devnet's JSON-RPC for fault tests: it can slow requests down,
// answer 429, drop every WebSocket, or stop listening and come back on the same port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

/** How the proxy treats HTTP requests. */
export interface ProxyFaults {
  /** Milliseconds added before each request is forwarded. */
  delayMs: number;
  /** Answer 429 to this many of the next requests. */
  rateLimitNext: number;
}

/** The proxy and its controls. */
export class RpcProxy {
  readonly faults: ProxyFaults = { delayMs: 0, rateLimitNext: 0 };
  /** Requests answered 429 so far. */
  rateLimited = 0;
  forwarded = 0;
  port = 0;
  #server: Server | undefined;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<Socket>();
  readonly #clients = new Set<WebSocket>();

  constructor(
    private readonly httpUrl: string,
    private readonly wsUrl: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get ws(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Listens (again, on the same port once it had one). */
  async start(): Promise<void> {
    const server = createServer((req, res) => void this.#forward(req, res));
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    server.on('upgrade', (req, socket, head) =>
      this.#wss.handleUpgrade(req, socket as Socket, head, (client) => this.#bridge(client)),
    );
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Stops listening and cuts every connection, HTTP and WebSocket (the node went down). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    // Stop accepting first, then cut what is open, so no late keep-alive connection holds close().
    const closed = new Promise((resolve) => server.close(resolve));
    this.dropWebSockets();
    server.closeAllConnections();
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  /** Cuts every WebSocket, leaving HTTP up. */
  dropWebSockets(): void {
    for (const client of this.#clients) client.terminate();
    this.#clients.clear();
  }

  get webSockets(): number {
    return this.#clients.size;
  }

  async #forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.faults.rateLimitNext > 0) {
      this.faults.rateLimitNext--;
      this.rateLimited++;
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '0' }).end('rate limited');
      return;
    }
    if (this.faults.delayMs > 0) await new Promise((r) => setTimeout(r, this.faults.delayMs));
    try {
      const upstream = await fetch(this.httpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      });
      this.forwarded++;
      res
        .writeHead(upstream.status, { 'content-type': 'application/json' })
        .end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.destroy();
    }
  }

  #bridge(client: WebSocket): void {
    this.#clients.add(client);
    const upstream = new WebSocket(this.wsUrl);
    const queued: WebSocket.RawData[] = [];
    upstream.on('open', () => queued.splice(0).forEach((m) => upstream.send(m)));
    upstream.on('message', (m) => client.readyState === WebSocket.OPEN && client.send(m.toString()));
    client.on('message', (m) =>
      upstream.readyState === WebSocket.OPEN ? upstream.send(m.toString()) : queued.push(m),
    );
    const end = () => {
      this.#clients.delete(client);
      client.terminate();
      upstream.terminate();
    };
    client.on('close', end);
    upstream.on('close', end);
    upstream.on('error', end);
    client.on('error', end);
  }
}
