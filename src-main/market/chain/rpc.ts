// JSON-RPC over HTTP with what a host needs on a public endpoint: a timeout per request, retries
// with backoff on transport failures (refused, reset, timeout, 5xx, 429), reverts decoded at once
// (never retried), a call count per method for the bench, and the connection status.
import { FetchRequest, JsonRpcProvider, type JsonRpcPayload, type JsonRpcResult } from 'ethers';
import { MarketError, type Logger } from '../../engine/index';
import { isTransportError, shortMessage, shownUrl, toMarketError } from './errors';
import type { ChainStatus } from './status';
import type { ChainTimings } from './timings';

/** Told about every JSON-RPC request as it is sent (the bench times broadcasts with it). */
export type RequestObserver = (method: string, transport: 'http' | 'ws') => void;

/** Counts the JSON-RPC requests it sends, by method. */
class CountingProvider extends JsonRpcProvider {
  readonly calls = new Map<string, number>();
  readonly observers = new Set<RequestObserver>();

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    for (const p of Array.isArray(payload) ? payload : [payload]) {
      this.calls.set(p.method, (this.calls.get(p.method) ?? 0) + 1);
      for (const observe of this.observers) observe(p.method, 'http');
    }
    return super._send(payload);
  }
}

/** Sleeps `ms`, or less if `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The HTTP endpoint of one chain. */
export class HttpRpc {
  readonly provider: JsonRpcProvider;
  readonly #counting: CountingProvider;
  #closed = new AbortController();

  constructor(
    readonly url: string,
    readonly chainId: number,
    readonly timings: ChainTimings,
    readonly status: ChainStatus,
    private readonly logger: Logger,
  ) {
    const request = new FetchRequest(url);
    request.timeout = timings.requestTimeoutMs;
    // ethers retries 429s itself; a few quick attempts, then our own backoff takes over.
    request.setThrottleParams({ maxAttempts: 3, slotInterval: timings.retryBaseMs });
    // No batching (it stalls each call 10 ms), no caching (stale reads after time travel), a fixed network.
    this.#counting = new CountingProvider(request, chainId, {
      staticNetwork: true,
      batchMaxCount: 1,
      cacheTimeout: -1,
      pollingInterval: timings.pollMs,
    });
    this.provider = this.#counting;
  }

  /** Requests sent so far, by method. */
  callCounts(): Record<string, number> {
    return Object.fromEntries(this.#counting.calls);
  }

  /** Calls `observer` for every request from now on; returns the unsubscriber. */
  observe(observer: RequestObserver): () => void {
    this.#counting.observers.add(observer);
    return () => this.#counting.observers.delete(observer);
  }

  /**
   * Runs `call`, retrying transport failures with backoff until giveUpMs; a revert is decoded and
   * thrown at once. `what` names the call in errors.
   */
  async retrying<T>(what: string, call: () => Promise<T>): Promise<T> {
    const start = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await call();
        this.status.succeeded();
        return result;
      } catch (error) {
        if (!isTransportError(error)) {
          this.status.succeeded();
          throw toMarketError(error, what) ?? error;
        }
        const message = `${what}: ${shortMessage(error)}`;
        this.status.failed(message);
        if (this.#closed.signal.aborted || Date.now() - start >= this.timings.giveUpMs) {
          throw new MarketError('MarketUnavailable', `chain unreachable at ${shownUrl(this.url)} (${message})`);
        }
        if (attempt === 0) this.logger.warn('chain RPC failed; retrying', { error: message });
        const delay = Math.min(this.timings.retryMaxMs, this.timings.retryBaseMs * 2 ** attempt);
        await sleep(delay, this.#closed.signal);
      }
    }
  }

  /** One JSON-RPC request with retries. */
  send<T = unknown>(method: string, params: unknown[]): Promise<T> {
    return this.retrying(method, () => this.provider.send(method, params) as Promise<T>);
  }

  /** Stops retries and closes the provider. */
  close(): void {
    this.#closed.abort();
    this.provider.destroy();
  }
}
