// JSON-RPC over a WebSocket that reconnects by itself: requests, and an eth_subscribe('newHeads')
// that is renewed on every new connection. ethers' WebSocketProvider neither reconnects nor lets a
// subscription survive a drop, and destroying it too early kills the process (ethers #4678).
import WebSocket from 'ws';
import { MarketError, type Logger } from '../../engine/index';
import { shownUrl } from './errors';
import { sleep } from './rpc';
import type { ChainTimings } from './timings';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** A self-reconnecting JSON-RPC WebSocket with a newHeads subscription. */
export class WsRpc {
  #socket: WebSocket | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #headsSubscription: string | undefined;
  readonly #closed = new AbortController();
  #connected = false;
  readonly calls = new Map<string, number>();

  constructor(
    readonly url: string,
    private readonly timings: ChainTimings,
    private readonly logger: Logger,
    private readonly handlers: {
      /** A raw block header from newHeads. */
      onHead(header: Record<string, unknown>): void;
      /** The socket is up and subscribed, or it went down. */
      onConnection(up: boolean): void;
    },
  ) {}

  /** True while connected and subscribed. */
  get connected(): boolean {
    return this.#connected;
  }

  /** Connects (and keeps reconnecting until close()); resolves after the first attempt either way. */
  async start(): Promise<void> {
    const first = this.#connectOnce();
    void this.#keepConnected(first);
    await first.catch(() => undefined);
  }

  async #keepConnected(first: Promise<void>): Promise<void> {
    let attempt = 0;
    let current = first;
    while (!this.#closed.signal.aborted) {
      try {
        await current;
        attempt = 0;
        await this.#closedSocket();
      } catch (error) {
        if (attempt === 0)
          this.logger.warn('chain WebSocket unavailable; polling over HTTP meanwhile', {
            error: (error as Error).message,
          });
      }
      if (this.#closed.signal.aborted) return;
      await sleep(Math.min(this.timings.retryMaxMs, this.timings.reconnectMs * 2 ** attempt++), this.#closed.signal);
      if (this.#closed.signal.aborted) return;
      current = this.#connectOnce();
    }
  }

  #closedSocket(): Promise<void> {
    const socket = this.#socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => socket.once('close', () => resolve()));
  }

  async #connectOnce(): Promise<void> {
    const socket = new WebSocket(this.url, { handshakeTimeout: this.timings.requestTimeoutMs });
    this.#socket = socket;
    socket.on('message', (data) => this.#onMessage(String(data)));
    socket.on('close', () => this.#onClose());
    socket.on('error', () => undefined); // 'close' follows and reports it
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('close', () => reject(new Error(`could not connect to ${shownUrl(this.url)}`)));
    });
    try {
      this.#headsSubscription = (await this.request('eth_subscribe', ['newHeads'])) as string;
    } catch (error) {
      socket.terminate();
      throw error;
    }
    this.#connected = true;
    this.handlers.onConnection(true);
  }

  #onClose(): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new MarketError('MarketUnavailable', 'websocket closed'));
      this.#pending.delete(id);
    }
    if (this.#connected) {
      this.#connected = false;
      this.handlers.onConnection(false);
    }
  }

  #onMessage(text: string): void {
    let message: {
      id?: number;
      result?: unknown;
      error?: { message: string };
      method?: string;
      params?: { subscription: string; result: unknown };
    };
    try {
      message = JSON.parse(text);
    } catch {
      this.logger.warn('chain WebSocket sent a frame that is not JSON; ignored');
      return;
    }
    const params = message.params;
    if (message.method === 'eth_subscription' && params && params.subscription === this.#headsSubscription) {
      const header = params.result;
      if (header && typeof header === 'object') this.handlers.onHead(header as Record<string, unknown>);
      return;
    }
    const pending = message.id === undefined ? undefined : this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id!);
    clearTimeout(pending.timer);
    if (message.error) pending.reject(Object.assign(new Error(message.error.message), { error: message.error }));
    else pending.resolve(message.result);
  }

  /** One request over the socket; rejects with MarketUnavailable when the socket is not open. */
  request(method: string, params: unknown[]): Promise<unknown> {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new MarketError('MarketUnavailable', 'websocket not open'));
    }
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new MarketError('MarketUnavailable', `${method} over websocket timed out`));
      }, this.timings.requestTimeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Closes the socket for good. */
  close(): void {
    this.#closed.abort();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) socket.terminate();
    this.#onClose();
  }
}
