// The browser transport: a WebSocket to the headless host, reconnecting with backoff. Calls made
// while disconnected wait for the connection rather than failing at once.
import type { CommandArgs, CommandName, CommandResult, EventMessage, InvokeResult } from '../../src-main/api/contract';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../src-main/api/ws-protocol';
import { BackendError, type Backend, type ConnectionState } from './backend';

interface Pending {
  resolve: (result: InvokeResult) => void;
  frame: string;
}

/** Connects to `url` (ws:// or wss://) presenting `token`. */
export function createWsBackend(url: string, token: string): Backend {
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(message: EventMessage) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | undefined;
  let nextId = 1;
  let retryMs = 250;

  function setState(next: ConnectionState): void {
    state = next;
    for (const listener of connectionListeners) listener(next);
  }

  function connect(): void {
    setState('connecting');
    const ws = new WebSocket(url, [WS_PROTOCOL, WS_TOKEN_PREFIX + token]);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setState('open');
      for (const call of pending.values()) ws.send(call.frame);
    };
    ws.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as
        ({ type: 'result'; id: number } & InvokeResult) | ({ type: 'event' } & EventMessage);
      if (frame.type === 'event') {
        for (const listener of eventListeners) listener({ name: frame.name, payload: frame.payload } as EventMessage);
      } else if (frame.type === 'result') {
        const call = pending.get(frame.id);
        pending.delete(frame.id);
        call?.resolve(frame.ok ? { ok: true, value: frame.value } : { ok: false, error: frame.error });
      }
    };
    ws.onclose = () => {
      setState('closed');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }
  connect();

  return {
    transport: 'websocket',
    async invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
      const id = nextId++;
      const frame = JSON.stringify({ type: 'invoke', id, name, args });
      const result = await new Promise<InvokeResult>((resolve) => {
        pending.set(id, { resolve, frame });
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
      });
      if (!result.ok) throw new BackendError(result.error);
      return result.value as CommandResult<K>;
    },
    listen(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
    async fetchFile(path: string): Promise<Blob> {
      const response = await fetch(new URL(path, url.replace(/^ws/, 'http')), {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!response.ok) {
        throw new BackendError({
          code: response.status === 404 ? 'not-found' : 'unavailable',
          message: await response.text(),
        });
      }
      return response.blob();
    },
  };
}
