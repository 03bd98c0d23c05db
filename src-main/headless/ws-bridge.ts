// Serves the api over WebSocket with the same shape the preload gives `window.api`: invoke
// requests answered by id, and every api event pushed to every connected dashboard. Each client
// is held to limits so one bad or slow client costs the host a bounded amount of memory and work.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PROTOCOL } from '../api/contract';
import type { ApiService } from '../api/dispatch';

/** What one client may cost the host. */
export interface BridgeLimits {
  /** Largest message a client may send, in bytes (larger ones close it with 1009). */
  maxPayloadBytes: number;
  /**
   * Bytes queued for a client that does not read them; past this it is dropped with 1008. A
   * dashboard coming back takes a fresh snapshot (live patches are coalesced), so nothing is lost.
   */
  maxBufferedBytes: number;
  /** Commands one client may have running at once; more are answered with a `busy` error. */
  maxInFlight: number;
  /** How often every client is pinged; one that has not answered the previous ping is closed. */
  heartbeatMs: number;
}

/** Generous for a dashboard (a snapshot of thousands of slots is a few MiB), small for a server. */
export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = {
  maxPayloadBytes: 1 << 20,
  maxBufferedBytes: 16 << 20,
  maxInFlight: 16,
  heartbeatMs: 30_000,
};

/** Close code sent to a client dropped for not reading (RFC 6455 "policy violation"). */
export const CLOSE_TOO_SLOW = 1008;

/** How long a dropped client gets to read its close frame before its connection is cut. */
const DROP_GRACE_MS = 2_000;

/** A frame the dashboard sends. */
interface InvokeFrame {
  type: 'invoke';
  id: number;
  name: string;
  args: unknown;
}

function parseFrame(data: string): InvokeFrame | undefined {
  try {
    const frame = JSON.parse(data) as Partial<InvokeFrame>;
    if (frame.type === 'invoke' && Number.isSafeInteger(frame.id) && typeof frame.name === 'string') {
      return frame as InvokeFrame;
    }
  } catch {
    // Malformed JSON is answered below like any other bad frame.
  }
  return undefined;
}

/** One connected dashboard. */
class Client {
  inFlight = 0;
  alive = true;
  dropped = false;
  unsubscribe: () => void = () => {};
  constructor(
    readonly socket: WebSocket,
    private readonly limits: BridgeLimits,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Queues a message unless the client already has more than the cap unread: memory per client
   * stays below the cap plus one message, and a snapshot larger than the cap still goes out whole.
   */
  send(value: unknown): void {
    if (this.dropped || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.drop(`it did not read ${this.socket.bufferedAmount} bytes sent to it`);
      return;
    }
    this.socket.send(JSON.stringify(value));
  }

  drop(why: string): void {
    if (this.dropped) return;
    this.dropped = true;
    this.unsubscribe();
    this.log(`websocket client dropped: ${why}`);
    this.socket.close(CLOSE_TOO_SLOW, 'too slow: reconnect to resync');
    setTimeout(() => this.socket.terminate(), DROP_GRACE_MS).unref();
  }
}

/** The bridge: an upgrade handler for /ws, and close(). */
export interface WsBridge {
  /** Completes the upgrade of a request the server has already authorised. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/** Creates the bridge. `log` hears about misbehaving clients. */
export function createWsBridge(
  api: ApiService,
  log: (line: string) => void = () => {},
  limits: BridgeLimits = DEFAULT_BRIDGE_LIMITS,
): WsBridge {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayloadBytes,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const clients = new Set<Client>();

  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        log('websocket client closed: it did not answer a ping');
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  server.on('connection', (socket: WebSocket) => {
    const client = new Client(socket, limits, log);
    clients.add(client);
    client.unsubscribe = api.subscribe((message) => client.send({ type: 'event', ...message }));
    socket.on('close', () => {
      client.unsubscribe();
      clients.delete(client);
    });
    // A protocol error (bad frame, oversized message, bad UTF-8) is the client's fault: ws has
    // already answered it with a close frame carrying the RFC 6455 code; without this listener the
    // error would be thrown and end the whole process.
    socket.on('error', (error) => log(`websocket client closed for a protocol error: ${error.message}`));
    socket.on('pong', () => (client.alive = true));
    socket.on('message', async (raw) => {
      if (client.dropped) return;
      const frame = parseFrame(raw.toString());
      if (!frame) {
        client.send({
          type: 'error',
          error: { code: 'invalid-argument', message: 'Frames must be JSON {type:"invoke", id, name, args}.' },
        });
        return;
      }
      if (client.inFlight >= limits.maxInFlight) {
        client.send({
          type: 'result',
          id: frame.id,
          ok: false,
          error: {
            code: 'busy',
            message: `This connection already has ${limits.maxInFlight} commands running; wait for their answers before sending more.`,
          },
        });
        return;
      }
      client.inFlight++;
      try {
        const result = await api.invoke(frame.name, frame.args);
        client.send({ type: 'result', id: frame.id, ...result });
      } finally {
        client.inFlight--;
      }
    });
  });

  return {
    handleUpgrade(request, socket, head) {
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    close() {
      clearInterval(heartbeat);
      for (const client of clients) client.socket.terminate();
      server.close();
    },
  };
}
