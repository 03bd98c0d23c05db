// The newest block, pushed by the WebSocket's newHeads or, while no socket delivers, polled over
// HTTP. Everything time- and confirmation-related (the clock, the log watcher, receipts) follows it.
import type { Logger } from '../../engine/index';
import { isTransportError, shortMessage } from './errors';
import { type HttpRpc, sleep } from './rpc';
import type { ChainStatus } from './status';
import type { ChainTimings } from './timings';
import type { WsRpc } from './ws-rpc';

/** The parts of a block header the adapter uses. */
export interface BlockHeader {
  readonly number: number;
  readonly hash: string;
  readonly parentHash: string;
  readonly timestamp: number;
  readonly baseFeePerGas?: bigint;
  /** 256-byte bloom of the block's log addresses and topics. */
  readonly logsBloom?: string;
}

/** A JSON-RPC block (eth_getBlockByNumber or newHeads) as a BlockHeader; throws on a malformed one. */
export function parseHeader(raw: unknown): BlockHeader {
  const r = raw as Record<string, unknown> | null;
  const hex = (key: string) => {
    const v = r?.[key];
    if (typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v)) throw new Error(`block header without a valid ${key}`);
    return v;
  };
  return {
    number: Number(BigInt(hex('number'))),
    hash: hex('hash').toLowerCase(),
    parentHash: hex('parentHash').toLowerCase(),
    timestamp: Number(BigInt(hex('timestamp'))),
    ...(typeof r?.baseFeePerGas === 'string' ? { baseFeePerGas: BigInt(r.baseFeePerGas) } : {}),
    ...(typeof r?.logsBloom === 'string' ? { logsBloom: r.logsBloom } : {}),
  };
}

/** Follows the chain's head. */
export class HeadTracker {
  #latest: BlockHeader | undefined;
  readonly #listeners = new Set<(head: BlockHeader) => void>();
  readonly #stopped = new AbortController();
  #wake = new AbortController();

  constructor(
    private readonly http: HttpRpc,
    private readonly ws: WsRpc | undefined,
    private readonly timings: ChainTimings,
    private readonly status: ChainStatus,
    private readonly logger: Logger,
  ) {}

  /** The newest block seen, once started. */
  get latest(): BlockHeader | undefined {
    return this.#latest;
  }

  /** Calls `listener` for every new head (a new hash, which after a reorg may not be a higher number). */
  onHead(listener: (head: BlockHeader) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads the head once (retrying), then follows it. */
  async start(): Promise<BlockHeader> {
    const head = await this.fetchLatest();
    this.observe(head);
    void this.#poll();
    return head;
  }

  /** The head, read over HTTP now. */
  async fetchLatest(): Promise<BlockHeader> {
    return parseHeader(await this.http.send('eth_getBlockByNumber', ['latest', false]));
  }

  /** A header pushed by the WebSocket. */
  pushed(raw: Record<string, unknown>): void {
    try {
      this.observe(parseHeader(raw));
    } catch (error) {
      this.logger.warn('chain WebSocket sent a malformed block header; ignored', { error: (error as Error).message });
    }
  }

  /** The WebSocket came up or went down: polling covers for it while it is down. */
  connection(up: boolean): void {
    this.status.update({ events: up ? 'websocket' : 'polling' });
    if (!up) this.#wake.abort();
  }

  /** Takes a header from any source; listeners hear about it if its hash is new. */
  observe(head: BlockHeader): void {
    if (this.#latest?.hash === head.hash) return;
    if (this.#latest && head.number < this.#latest.number - 64) return; // a lagging node behind a balancer
    this.#latest = head;
    this.status.update({ head: { number: head.number, timestamp: head.timestamp } });
    for (const listener of this.#listeners) {
      try {
        listener(head);
      } catch (error) {
        this.logger.error('a block listener failed', { error: (error as Error).message });
      }
    }
  }

  /** Resolves once a head at or above `number` was seen (at once if it was), or after `timeoutMs`. */
  async reached(number: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.#latest?.number ?? -1) < number && Date.now() < deadline && !signal?.aborted) {
      const timer = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
      await this.nextHead(signal ? AbortSignal.any([signal, timer]) : timer);
    }
  }

  /** Resolves with the next new head, or undefined if `signal` aborts or the tracker stops first. */
  nextHead(signal?: AbortSignal): Promise<BlockHeader | undefined> {
    return new Promise((resolve) => {
      const done = (head?: BlockHeader) => {
        off();
        signal?.removeEventListener('abort', abort);
        this.#stopped.signal.removeEventListener('abort', abort);
        resolve(head);
      };
      const abort = () => done(undefined);
      const off = this.onHead((head) => done(head));
      signal?.addEventListener('abort', abort, { once: true });
      this.#stopped.signal.addEventListener('abort', abort, { once: true });
    });
  }

  async #poll(): Promise<void> {
    if (this.ws === undefined) this.status.update({ events: 'polling' });
    while (!this.#stopped.signal.aborted) {
      if (!this.ws?.connected) {
        try {
          const raw = await this.http.provider.send('eth_getBlockByNumber', ['latest', false]);
          this.status.succeeded();
          this.observe(parseHeader(raw));
        } catch (error) {
          if (isTransportError(error)) this.status.failed(`polling the newest block: ${shortMessage(error)}`);
          else this.logger.warn('polling the newest block failed', { error: shortMessage(error) });
        }
      }
      this.#wake = new AbortController();
      await sleep(this.timings.pollMs, AbortSignal.any([this.#stopped.signal, this.#wake.signal]));
    }
  }

  /** Stops polling and wakes every waiter. */
  stop(): void {
    this.#stopped.abort();
    this.status.update({ events: 'stopped' });
  }
}
