// Serves the api over WebSocket with the same shape the preload gives `window.api`: invoke
// requests answered by id, and every api event pushed to every connected dashboard.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PROTOCOL } from '../api/contract';
import type { ApiService } from '../api/dispatch';
import { isAuthorized } from './auth';

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

/** Attaches the bridge; returns the upgrade handler the HTTP server calls for /ws. `log` hears about misbehaving clients. */
export function createWsBridge(api: ApiService, token: string, log: (line: string) => void = () => {}) {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: 1 << 20,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  server.on('connection', (socket: WebSocket) => {
    const unsubscribe = api.subscribe((message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'event', ...message }));
    });
    socket.on('close', unsubscribe);
    // A protocol error (bad frame, oversized message, bad UTF-8) is the client's fault: ws has
    // already answered it with a close frame carrying the RFC 6455 code; without this listener the
    // error would be thrown and end the whole process.
    socket.on('error', (error) => log(`websocket client closed for a protocol error: ${error.message}`));
    socket.on('message', async (raw) => {
      const frame = parseFrame(raw.toString());
      if (!frame) {
        socket.send(
          JSON.stringify({
            type: 'error',
            error: { code: 'invalid-argument', message: 'Frames must be JSON {type:"invoke", id, name, args}.' },
          }),
        );
        return;
      }
      const result = await api.invoke(frame.name, frame.args);
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'result', id: frame.id, ...result }));
    });
  });

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      socket.on('error', (error) => log(`websocket upgrade failed: ${error.message}`));
      if (!isAuthorized(request, token)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    close(): void {
      for (const client of server.clients) client.terminate();
      server.close();
    },
  };
}
