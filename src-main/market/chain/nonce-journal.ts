// The signer's nonces, kept across restarts: the next nonce and every transaction sent but not yet
// confirmed, written to the data folder before each broadcast. At start the journal is reconciled
// with the chain: entries below the account's mined count were mined (or replaced), entries the
// node still holds stay pending, and entries the node never got are dropped and their nonces reused.
// On any nonce error the next nonce is taken from the chain's pending count again.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Logger } from '../../engine/index';
import { writeFileAtomic } from './atomic-file';
import type { HttpRpc } from './rpc';

const decimal = z.string().regex(/^\d+$/);
const entrySchema = z.object({
  nonce: z.number().int().min(0),
  label: z.string(),
  /** What was signed, so a restarted host can replace a stuck transaction. */
  to: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  data: z.string().regex(/^0x[0-9a-fA-F]*$/),
  gasLimit: decimal,
  maxFeePerGas: decimal,
  maxPriorityFeePerGas: decimal,
  /** Every hash signed for this nonce (the first, then its replacements). */
  hashes: z.array(z.string().regex(/^0x[0-9a-f]{64}$/)),
  sentAt: z.number(),
});
const journalSchema = z.object({
  chainId: z.number().int(),
  address: z.string().regex(/^0x[0-9a-f]{40}$/),
  next: z.number().int().min(0),
  inflight: z.array(entrySchema),
});

/** A transaction sent and not yet confirmed. */
export type InflightEntry = z.infer<typeof entrySchema>;

/** What reconcile() found. */
export interface Reconciled {
  readonly next: number;
  readonly mined: readonly InflightEntry[];
  readonly pending: readonly InflightEntry[];
  readonly dropped: readonly InflightEntry[];
}

/** Nonces and in-flight transactions of one account on one chain. */
export class NonceJournal {
  #next = 0;
  #inflight = new Map<number, InflightEntry>();

  constructor(
    /** The journal file; undefined keeps it in memory only. */
    readonly path: string | undefined,
    private readonly chainId: number,
    private readonly address: string,
    private readonly logger: Logger,
  ) {
    this.#load();
  }

  /** Transactions sent and not yet confirmed. */
  get inflight(): readonly InflightEntry[] {
    return [...this.#inflight.values()].sort((a, b) => a.nonce - b.nonce);
  }

  /** The nonce the next transaction gets (without taking it). */
  get next(): number {
    return this.#next;
  }

  /** Aligns the journal with the chain: run at start and after any nonce error. */
  async reconcile(rpc: HttpRpc): Promise<Reconciled> {
    const count = async (tag: string) =>
      Number(BigInt(await rpc.send<string>('eth_getTransactionCount', [this.address, tag])));
    const mined = await count('latest');
    const pending = Math.max(await count('pending'), mined);
    const result = {
      next: pending,
      mined: [] as InflightEntry[],
      pending: [] as InflightEntry[],
      dropped: [] as InflightEntry[],
    };
    for (const entry of this.inflight) {
      if (entry.nonce < mined) result.mined.push(entry);
      else if (entry.nonce < pending) result.pending.push(entry);
      else result.dropped.push(entry);
    }
    for (const entry of [...result.mined, ...result.dropped]) this.#inflight.delete(entry.nonce);
    if (result.dropped.length > 0) {
      this.logger.warn('transactions the node never received were dropped; their nonces are reused', {
        transactions: result.dropped.map((e) => `${e.label} (nonce ${e.nonce})`),
      });
    }
    if (this.#next !== pending) this.logger.info('nonce re-synced with the chain', { from: this.#next, to: pending });
    this.#next = pending;
    this.#save();
    return result;
  }

  /** Takes the next nonce for a transaction about to be signed. */
  take(): number {
    return this.#next++;
  }

  /** Gives back a nonce whose transaction was never broadcast (only the latest taken can be). */
  giveBack(nonce: number): void {
    if (nonce === this.#next - 1 && !this.#inflight.has(nonce)) this.#next = nonce;
  }

  /** Records a signed transaction before it is broadcast; called again for each replacement. */
  record(tx: Omit<InflightEntry, 'hashes' | 'sentAt'> & { hash: string }): void {
    const { hash, ...fields } = tx;
    const entry = this.#inflight.get(tx.nonce);
    const hashes = entry ? [...entry.hashes, hash] : [hash];
    this.#inflight.set(tx.nonce, { ...fields, hashes, sentAt: entry?.sentAt ?? Date.now() });
    this.#save();
  }

  /** The transaction of `nonce` is confirmed (or given up): forget it. */
  settle(nonce: number): void {
    if (this.#inflight.delete(nonce)) this.#save();
  }

  #load(): void {
    if (!this.path || !existsSync(this.path)) return;
    try {
      const parsed = journalSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
      if (parsed.chainId !== this.chainId || parsed.address !== this.address) {
        this.logger.warn('the nonce journal belongs to another account or chain; ignored', { path: this.path });
        return;
      }
      this.#next = parsed.next;
      for (const entry of parsed.inflight) this.#inflight.set(entry.nonce, entry);
    } catch (error) {
      this.logger.warn('the nonce journal is unreadable; nonces come from the chain', {
        path: this.path,
        error: (error as Error).message.split('\n')[0],
      });
    }
  }

  #save(): void {
    if (!this.path) return;
    const body = { chainId: this.chainId, address: this.address, next: this.#next, inflight: this.inflight };
    writeFileAtomic(this.path, JSON.stringify(body) + '\n');
  }
}
