// Requests waiting for their answer, keyed by (node id, request id). A `nodes` or `providers`
// answer may come in several messages (the first says how many); each one that arrives restarts
// the timeout, as nim-codex-dht waits for each part in turn. Bounded, and every timer is cleared.
import type { Message } from './messages';
import { idHex, type NodeId } from './node-id';

/** Most parts one answer may claim: 16 nodes at 3 per message need 6. */
const MAX_PARTS = 8;

interface Waiter {
  messages: Message[];
  expected: number;
  timer: ReturnType<typeof setTimeout>;
  timeoutMs: number;
  resolve: (messages: Message[]) => void;
}

export class Awaiting {
  private readonly waiters = new Map<string, Waiter>();
  private closed = false;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.waiters.size;
  }

  /**
   * Waits for the answer to a request; resolves with what arrived ([] on timeout), or returns
   * undefined without waiting when too many requests are in flight or after `close()`.
   */
  wait(nodeId: NodeId, reqId: Uint8Array, timeoutMs: number): Promise<Message[]> | undefined {
    if (this.closed || this.waiters.size >= this.max) return undefined;
    const key = `${idHex(nodeId)}/${idHex(reqId)}`;
    return new Promise((resolve) => {
      const w: Waiter = {
        messages: [],
        expected: 1,
        timeoutMs,
        resolve,
        timer: setTimeout(() => this.finish(key), timeoutMs),
      };
      this.waiters.set(key, w);
    });
  }

  /** Hands an answer to its waiter; false when nobody waits for it (late, unsolicited or replayed). */
  deliver(srcId: NodeId, reqId: Uint8Array, message: Message): boolean {
    const key = `${idHex(srcId)}/${idHex(reqId)}`;
    const w = this.waiters.get(key);
    if (w === undefined) return false;
    if (w.messages.length === 0 && (message.kind === 'nodes' || message.kind === 'providers'))
      w.expected = Math.min(Math.max(message.total, 1), MAX_PARTS);
    w.messages.push(message);
    if (w.messages.length >= w.expected || w.messages[0]?.kind !== message.kind) this.finish(key);
    else {
      clearTimeout(w.timer);
      w.timer = setTimeout(() => this.finish(key), w.timeoutMs);
    }
    return true;
  }

  private finish(key: string): void {
    const w = this.waiters.get(key);
    if (w === undefined) return;
    clearTimeout(w.timer);
    this.waiters.delete(key);
    w.resolve(w.messages);
  }

  /** Ends every wait now with what has arrived so far, and refuses new ones: no timer outlives it. */
  close(): void {
    this.closed = true;
    for (const key of [...this.waiters.keys()]) this.finish(key);
  }
}
