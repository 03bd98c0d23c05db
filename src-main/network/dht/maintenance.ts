// Background upkeep, as Codex runs it: fill the table at start (a lookup for our own id, then one
// for a random id), ping the least recently seen node of a random bucket every few seconds
// (fetching its newer SPR when its pong says there is one), and a random lookup when none ran
// for a while. Timers only: `stop()` clears every one and nothing reschedules after it.
import { randomBytes, randomInt } from 'node:crypto';
import type { DhtLog } from './log';
import type { RoutingTable } from './routing-table';
import type { Rpc } from './rpc';

export interface MaintenanceDeps {
  table: RoutingTable;
  rpc: Rpc;
  ourSeq: () => bigint;
  lookup: (target: Uint8Array) => Promise<unknown>;
  lastLookupAt: () => number;
  log: DhtLog;
  now: () => number;
}

export interface MaintenanceTiming {
  revalidateMinMs: number;
  revalidateMaxMs: number;
  refreshMs: number;
}

export class Maintenance {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(
    private readonly deps: MaintenanceDeps,
    private readonly timing: MaintenanceTiming,
  ) {}

  start(): void {
    this.after(0, () => this.populate());
    this.scheduleRevalidate();
    this.after(this.timing.refreshMs, () => this.refresh());
  }

  /** Self lookup then a random one: what Codex does to populate its table. */
  async populate(): Promise<number> {
    await this.deps.lookup(this.deps.table.localId);
    await this.deps.lookup(randomBytes(32));
    return this.deps.table.size;
  }

  private after(ms: number, task: () => Promise<unknown>): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.stopped) return;
      task().catch((e: unknown) => this.deps.log.warn('DHT maintenance task failed', { error: String(e) }));
    }, ms);
    this.timers.add(t);
  }

  private scheduleRevalidate(): void {
    const { revalidateMinMs: min, revalidateMaxMs: max } = this.timing;
    this.after(min + randomInt(Math.max(1, max - min + 1)), async () => {
      try {
        await this.revalidate();
      } finally {
        this.scheduleRevalidate();
      }
    });
  }

  /** One revalidation round; exported for tests through the class. */
  async revalidate(): Promise<void> {
    const node = this.deps.table.nodeToRevalidate((n) => randomInt(n));
    if (node === undefined) return;
    const pong = await this.deps.rpc.ping(node, this.deps.ourSeq());
    if (pong === undefined || pong.sprSeq <= node.record.seq) return;
    const fresh = await this.deps.rpc.findNode(node, [0]);
    if (fresh?.[0] !== undefined) this.deps.table.add(fresh[0]);
  }

  private async refresh(): Promise<void> {
    try {
      if (this.deps.now() - this.deps.lastLookupAt() >= this.timing.refreshMs) await this.deps.lookup(randomBytes(32));
    } finally {
      this.after(this.timing.refreshMs, () => this.refresh());
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
