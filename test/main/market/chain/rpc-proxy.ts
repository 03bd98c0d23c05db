// A loopback proxy in front of the devnet's JSON-RPC for fault tests: it can slow requests down,
// answer 429, drop every WebSocket, hold what new WebSockets send, or stop listening and come back
// on the same port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

/** How the proxy treats HTTP requests. */
export interface ProxyFaults {
  /** Milliseconds added before each request is forwarded. */
  delayMs: number;
  /** Answer 429 to this many of the next requests. */
  rateLimitNext: number;
  /** Hold what WebSocket clients send (their subscriptions stay unanswered) until releaseWebSockets(). */
  holdWebSockets: boolean;
}

/** The proxy and its controls. */
export class RpcProxy {
  readonly faults: ProxyFaults = { delayMs: 0, rateLimitNext: 0, holdWebSockets: false };
  /** HTTP requests forwarded so far, by JSON-RPC method. */
  readonly methods = new Map<string, number>();
  /** WebSocket frames held back by `faults.holdWebSockets`. */
  held = 0;
  readonly #release = new Set<() => void>();
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

  /** Lifts `faults.holdWebSockets` and forwards what was held, in order. */
  releaseWebSockets(): void {
    this.faults.holdWebSockets = false;
    for (const release of this.#release) release();
    this.#release.clear();
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
    this.#count(Buffer.concat(chunks));
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
    const queued: string[] = [];
    let holding = this.faults.holdWebSockets;
    const flush = () => {
      if (!holding && upstream.readyState === WebSocket.OPEN) queued.splice(0).forEach((m) => upstream.send(m));
    };
    if (holding)
      this.#release.add(() => {
        holding = false;
        flush();
      });
    upstream.on('open', flush);
    upstream.on('message', (m) => client.readyState === WebSocket.OPEN && client.send(m.toString()));
    client.on('message', (m) => {
      queued.push(m.toString());
      if (holding) this.held++;
      flush();
    });
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

  #count(body: Buffer): void {
    try {
      const parsed = JSON.parse(body.toString()) as { method?: string } | { method?: string }[];
      for (const call of Array.isArray(parsed) ? parsed : [parsed])
        if (call.method) this.methods.set(call.method, (this.methods.get(call.method) ?? 0) + 1);
    } catch {
      // Not JSON: forwarded as it is, the node answers the error.
    }
  }
}
