// Delivers the Marketplace's logs exactly as the canonical chain holds them: in block and log order,
// each once (by block hash and log index), only after `confirmations` blocks, resuming after a
// restart from a persisted cursor and after a reconnect from the last block scanned. A reorganised
// chain is noticed from the block hashes: logs of dropped blocks that were still held back are
// dropped, logs already delivered are reported as removed, and the cursor moves back to the fork.
import type { Logger } from '../../engine/index';
import { bloomMayContain } from './bloom';
import type { Cursor, CursorStore } from './cursor';
import type { BlockHeader } from './heads';

/** A log as eth_getLogs returns it, with numbers parsed. */
export interface RawLog {
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly logIndex: number;
  readonly transactionHash: string;
  readonly topics: readonly string[];
  readonly data: string;
}

/** What the watcher reads from the chain. */
export interface ChainReader {
  /** The canonical header at `number` now. */
  header(number: number): Promise<BlockHeader>;
  /** The watched contract's logs in [fromBlock, toBlock]. */
  logs(fromBlock: number, toBlock: number): Promise<RawLog[]>;
}

/** How the watcher behaves. */
export interface LogWatcherOptions {
  readonly chainId: number;
  /** The watched contract, lowercase. */
  readonly address: string;
  /** Blocks a log's block must have on top of it, counting itself: 1 delivers as soon as it is mined. */
  readonly confirmations: number;
  /** Where to start without a cursor. Default: the head at start (no history). */
  readonly fromBlock?: number;
  /** How many recent block hashes are kept to notice a reorganisation. Default 64. */
  readonly reorgWindow?: number;
  /** Largest eth_getLogs range. Default 2,000 blocks. */
  readonly maxRange?: number;
}

/** Where logs go. */
export interface LogHandlers {
  deliver(log: RawLog): void;
  /** A delivered log's block left the canonical chain. */
  removed(log: RawLog): void;
}

const keyOf = (log: RawLog) => `${log.blockHash}:${log.logIndex}`;

/** Follows one contract's logs. */
export class LogWatcher {
  readonly #canon = new Map<number, string>();
  readonly #pending = new Map<string, RawLog>();
  readonly #delivered = new Map<string, RawLog>();
  #scanned = -1;
  #cursor: Cursor | undefined;
  #target: BlockHeader | undefined;
  #running: Promise<void> | undefined;
  readonly #window: number;
  readonly #maxRange: number;

  constructor(
    private readonly reader: ChainReader,
    private readonly store: CursorStore,
    private readonly options: LogWatcherOptions,
    private readonly handlers: LogHandlers,
    private readonly logger: Logger,
  ) {
    if (!Number.isInteger(options.confirmations) || options.confirmations < 1) {
      throw new RangeError(`confirmations must be a whole number of at least 1, got ${options.confirmations}`);
    }
    this.#window = Math.max(options.reorgWindow ?? 64, options.confirmations + 1);
    this.#maxRange = options.maxRange ?? 2_000;
  }

  /** The delivered position. */
  get cursor(): Cursor | undefined {
    return this.#cursor;
  }

  /** Resumes from the cursor (or fromBlock, or `head`) and catches up to `head`. */
  async start(head: BlockHeader): Promise<void> {
    const saved = this.store.load();
    if (saved && saved.block <= head.number) {
      const now = await this.reader.header(saved.block);
      if (now.hash === saved.hash) {
        this.#cursor = saved;
        this.#scanned = saved.block;
        this.#canon.set(saved.block, saved.hash);
      } else {
        // Reorganised while we were away: go back a window and deliver again (at least once).
        const back = Math.max(0, saved.block - this.#window);
        this.logger.warn('the chain was reorganised below the event cursor; re-reading recent events', {
          block: saved.block,
          from: back,
        });
        this.#scanned = back - 1;
      }
    } else if (this.options.fromBlock !== undefined) {
      this.#scanned = this.options.fromBlock - 1;
    } else {
      this.#scanned = head.number;
      this.#canon.set(head.number, head.hash);
      this.#save({ block: head.number, hash: head.hash });
    }
    this.onHead(head);
    await this.idle();
  }

  /** A new head: scan and deliver up to it (queued behind any scan in progress). */
  onHead(head: BlockHeader): void {
    this.#target = head;
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
  }

  /** Resolves when every queued head has been processed. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    for (let head = this.#target; head; head = this.#target) {
      this.#target = undefined;
      try {
        await this.#sync(head);
      } catch (error) {
        // The next head retries from the last block scanned, so nothing is skipped.
        this.logger.warn('reading contract events failed; retrying with the next block', {
          error: (error as Error).message,
        });
      }
    }
  }

  async #sync(head: BlockHeader): Promise<void> {
    const verdict = await this.#classify(head);
    if (verdict === 'stale') return;
    if (verdict === 'reorg') await this.#rewind(await this.#forkBelow(head));
    this.#canon.set(head.number, head.hash);
    await this.#scan(head);
    await this.#deliverConfirmed(head);
    for (const n of this.#canon.keys()) if (n < head.number - this.#window) this.#canon.delete(n);
    for (const [key, log] of this.#delivered)
      if (log.blockNumber < head.number - this.#window) this.#delivered.delete(key);
  }

  /**
   * Whether `head` extends what was scanned ('next'), replaces part of it ('reorg'), or is an older
   * head arriving late from a lagging node or a slow socket ('stale', ignored).
   */
  async #classify(head: BlockHeader): Promise<'next' | 'reorg' | 'stale'> {
    const known = this.#canon.get(head.number);
    if (known !== undefined) return known === head.hash ? (head.number < this.#scanned ? 'stale' : 'next') : 'reorg';
    if (head.number < this.#scanned) {
      const tip = this.#canon.get(this.#scanned);
      const now = tip === undefined ? undefined : await this.reader.header(this.#scanned).catch(() => undefined);
      return now !== undefined && now.hash === tip ? 'stale' : 'reorg';
    }
    const parent = this.#canon.get(head.number - 1);
    return parent !== undefined && parent !== head.parentHash ? 'reorg' : 'next';
  }

  /** The highest block below `head` whose hash we hold and the chain still has. */
  async #forkBelow(head: BlockHeader): Promise<number> {
    const known = [...this.#canon.keys()].filter((n) => n < head.number).sort((a, b) => b - a);
    for (const n of known) {
      if ((await this.reader.header(n)).hash === this.#canon.get(n)) return n;
    }
    const deepest = Math.min(...known, head.number) - 1;
    this.logger.error('the chain was reorganised deeper than the blocks remembered; re-reading from there', {
      block: deepest,
    });
    return deepest;
  }

  async #rewind(fork: number): Promise<void> {
    this.logger.warn('the chain was reorganised; undoing events of the dropped blocks', { fork });
    for (const n of [...this.#canon.keys()]) if (n > fork) this.#canon.delete(n);
    for (const [key, log] of this.#pending) if (log.blockNumber > fork) this.#pending.delete(key);
    const removed = [...this.#delivered.values()].filter((log) => log.blockNumber > fork);
    removed.sort((a, b) => b.blockNumber - a.blockNumber || b.logIndex - a.logIndex);
    for (const log of removed) {
      this.#delivered.delete(keyOf(log));
      this.handlers.removed(log);
    }
    this.#scanned = Math.min(this.#scanned, fork);
    if (this.#cursor && this.#cursor.block > fork) {
      const hash = this.#canon.get(fork) ?? (await this.reader.header(fork)).hash;
      this.#save({ block: fork, hash });
    }
  }

  async #scan(head: BlockHeader): Promise<void> {
    const from = this.#scanned + 1;
    if (from > head.number) return;
    // One new block whose bloom lacks the contract: nothing to read.
    const skip =
      from === head.number && head.logsBloom !== undefined && !bloomMayContain(head.logsBloom, this.options.address);
    for (let a = from; a <= head.number && !skip; a += this.#maxRange) {
      const b = Math.min(head.number, a + this.#maxRange - 1);
      for (const log of await this.reader.logs(a, b)) {
        const key = keyOf(log);
        if (this.#delivered.has(key) || this.#pending.has(key)) continue;
        const known = this.#canon.get(log.blockNumber);
        if (known !== undefined && known !== log.blockHash) continue; // from another fork (a lagging node)
        // A log names its block's hash: one more block a later reorganisation can be checked against.
        if (known === undefined && log.blockNumber > head.number - this.#window)
          this.#canon.set(log.blockNumber, log.blockHash);
        this.#pending.set(key, log);
      }
      this.#scanned = b;
    }
    this.#scanned = head.number;
  }

  async #deliverConfirmed(head: BlockHeader): Promise<void> {
    const tip = head.number - this.options.confirmations + 1;
    const ready = [...this.#pending.values()]
      .filter((log) => log.blockNumber <= tip)
      .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
    for (const log of ready) {
      if (this.options.confirmations > 1 && !(await this.#isCanonical(log))) {
        this.#pending.delete(keyOf(log));
        continue;
      }
      this.#pending.delete(keyOf(log));
      this.#delivered.set(keyOf(log), log);
      this.handlers.deliver(log);
    }
    if (tip > (this.#cursor?.block ?? -1) && tip >= 0) {
      const hash = this.#canon.get(tip) ?? (await this.reader.header(tip)).hash;
      this.#canon.set(tip, hash);
      this.#save({ block: tip, hash });
    }
  }

  async #isCanonical(log: RawLog): Promise<boolean> {
    let hash = this.#canon.get(log.blockNumber);
    if (hash === undefined) {
      hash = (await this.reader.header(log.blockNumber)).hash;
      this.#canon.set(log.blockNumber, hash);
    }
    return hash === log.blockHash;
  }

  #save(position: { block: number; hash: string }): void {
    this.#cursor = { chainId: this.options.chainId, marketplace: this.options.address, ...position };
    this.store.save(this.#cursor);
  }
}
