// The chain connection as the operator should see it: reachable or not, how events arrive, the
// latest block, and transactions waiting. One observable the dashboard and the engine's alerts read.

/** Whether the RPC endpoint answers. */
export type ChainConnection = 'connecting' | 'connected' | 'unreachable';

/** How contract events reach the host. */
export type EventTransport = 'websocket' | 'polling' | 'stopped';

/** One moment of the chain connection. */
export interface ChainStatusSnapshot {
  readonly connection: ChainConnection;
  /** Wall-clock milliseconds when `connection` last changed. */
  readonly since: number;
  /** The last transport failure, as one line (never a key or a password). */
  readonly lastError?: string;
  readonly events: EventTransport;
  /** The newest block seen. */
  readonly head?: { readonly number: number; readonly timestamp: number };
  /** Transactions sent and not yet confirmed. */
  readonly pendingTransactions: number;
  /** Of those, how many waited long enough to be replaced with a higher fee. */
  readonly stuckTransactions: number;
}

/** Consecutive transport failures after which the chain counts as unreachable. */
const UNREACHABLE_AFTER = 3;

/** The observable chain status. */
export class ChainStatus {
  #snapshot: ChainStatusSnapshot = {
    connection: 'connecting',
    since: Date.now(),
    events: 'stopped',
    pendingTransactions: 0,
    stuckTransactions: 0,
  };
  #failures = 0;
  readonly #listeners = new Set<(status: ChainStatusSnapshot) => void>();

  /** The current status. */
  get(): ChainStatusSnapshot {
    return this.#snapshot;
  }

  /** Calls `listener` on every change; returns the unsubscriber. */
  subscribe(listener: (status: ChainStatusSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** An RPC call answered. */
  succeeded(): void {
    this.#failures = 0;
    if (this.#snapshot.connection !== 'connected') this.#set({ connection: 'connected', since: Date.now() });
  }

  /** An RPC call failed in transport (refused, reset, timed out, 5xx, 429). */
  failed(message: string): void {
    this.#failures++;
    const unreachable = this.#failures >= UNREACHABLE_AFTER && this.#snapshot.connection !== 'unreachable';
    this.#set({ lastError: message, ...(unreachable ? { connection: 'unreachable', since: Date.now() } : {}) });
  }

  /** Updates the other fields. */
  update(
    change: Partial<Pick<ChainStatusSnapshot, 'events' | 'head' | 'pendingTransactions' | 'stuckTransactions'>>,
  ): void {
    this.#set(change);
  }

  #set(change: Partial<ChainStatusSnapshot>): void {
    const next = { ...this.#snapshot, ...change };
    const changed = (Object.keys(change) as (keyof ChainStatusSnapshot)[]).some((k) => next[k] !== this.#snapshot[k]);
    this.#snapshot = next;
    if (changed) for (const listener of this.#listeners) listener(next);
  }
}
