// The log watcher against a scripted chain that can reorganise (EDR cannot): order, de-duplication,
// confirmations, undoing dropped blocks, the persisted cursor, and retries after a failed read.
import { keccak256, toBeHex, toUtf8Bytes } from 'ethers';
import { describe, expect, it } from 'vitest';
import { MemoryCursor } from '../../../../src-main/market/chain/cursor';
import type { BlockHeader } from '../../../../src-main/market/chain/heads';
import {
  type ChainReader,
  LogWatcher,
  type LogWatcherOptions,
  type RawLog,
} from '../../../../src-main/market/chain/log-watcher';
import { RecordingLogger } from './fixture';

const ADDRESS = '0x' + 'aa'.repeat(20);

/** A chain of blocks, each with a few logs tagged by name, that forks on request. */
class ScriptedChain implements ChainReader {
  blocks: { header: BlockHeader; logs: RawLog[] }[] = [];
  reads = 0;
  failNextRead = false;

  constructor(height: number) {
    for (let i = 0; i <= height; i++) this.mine();
  }

  get head(): BlockHeader {
    return this.blocks.at(-1)!.header;
  }

  /** Appends a block with logs named `tags` (fork distinguishes the hashes of a replacement chain). */
  mine(tags: string[] = [], fork = ''): BlockHeader {
    const number = this.blocks.length;
    const parentHash = number === 0 ? '0x' + '00'.repeat(32) : this.blocks[number - 1]!.header.hash;
    const hash = keccak256(toUtf8Bytes(`${fork}/${number}/${tags.join(',')}/${parentHash}`));
    const header = { number, hash, parentHash, timestamp: 1_000 + number };
    const logs = tags.map((tag, logIndex) => ({
      blockNumber: number,
      blockHash: hash,
      logIndex,
      transactionHash: keccak256(toUtf8Bytes(tag + hash)),
      topics: [keccak256(toUtf8Bytes(tag))],
      data: toBeHex(number, 32),
    }));
    this.blocks.push({ header, logs });
    return header;
  }

  /** Drops every block above `number` (the start of a replacement chain). */
  reorgTo(number: number): void {
    this.blocks = this.blocks.slice(0, number + 1);
  }

  async header(number: number): Promise<BlockHeader> {
    const block = this.blocks[number];
    if (!block) throw new Error(`no block ${number}`);
    return block.header;
  }

  async logs(fromBlock: number, toBlock: number): Promise<RawLog[]> {
    this.reads++;
    if (this.failNextRead) {
      this.failNextRead = false;
      throw new Error('connection reset');
    }
    return this.blocks.slice(fromBlock, toBlock + 1).flatMap((b) => b.logs);
  }
}

const tagsByTopic = new Map<string, string>();
const tagOf = (log: RawLog) => tagsByTopic.get(log.topics[0]!);
const tags = (...names: string[]) => {
  for (const n of names) tagsByTopic.set(keccak256(toUtf8Bytes(n)), n);
  return names;
};

function watch(chain: ScriptedChain, options: Partial<LogWatcherOptions> = {}, cursor = new MemoryCursor()) {
  const delivered: string[] = [];
  const removed: string[] = [];
  const logger = new RecordingLogger();
  const watcher = new LogWatcher(
    chain,
    cursor,
    { chainId: 1, address: ADDRESS, confirmations: 1, fromBlock: 0, ...options },
    {
      deliver: (log) => delivered.push(tagOf(log)!),
      removed: (log) => removed.push(tagOf(log)!),
    },
    logger,
  );
  return { watcher, delivered, removed, cursor, logger };
}

async function feed(w: LogWatcher, head: BlockHeader): Promise<void> {
  w.onHead(head);
  await w.idle();
}

describe('the log watcher', () => {
  it('delivers logs in block and log order, once, whatever the heads do', async () => {
    const chain = new ScriptedChain(3);
    chain.mine(tags('a1', 'a2'));
    const { watcher, delivered, removed } = watch(chain);
    await watcher.start(chain.head);
    chain.mine(tags('b1'));
    chain.mine();
    const h = chain.mine(tags('c1', 'c2'));
    await feed(watcher, h);
    await feed(watcher, h);
    // A late, older head (a lagging node) is not a reorganisation.
    await feed(watcher, chain.blocks[5]!.header);
    expect(delivered).toEqual(['a1', 'a2', 'b1', 'c1', 'c2']);
    expect(removed).toEqual([]);
  });

  it('holds logs back for the confirmation depth and drops those of a block that left the chain', async () => {
    const chain = new ScriptedChain(3);
    const { watcher, delivered, removed } = watch(chain, { confirmations: 3 });
    await watcher.start(chain.head);
    chain.mine(tags('kept'));
    await feed(watcher, chain.mine(tags('orphan')));
    expect(delivered).toEqual([]);
    chain.reorgTo(4);
    chain.mine(tags('replacement'), 'fork');
    await feed(watcher, chain.mine([], 'fork'));
    expect(delivered).toEqual(['kept']);
    await feed(watcher, chain.mine([], 'fork'));
    expect(delivered).toEqual(['kept', 'replacement']);
    expect(removed).toEqual([]);
  });

  it('reports delivered logs of dropped blocks as removed, rewinds the cursor to the fork and delivers the new chain', async () => {
    const chain = new ScriptedChain(3);
    const { watcher, delivered, removed, cursor, logger } = watch(chain);
    await watcher.start(chain.head);
    chain.mine(tags('x'));
    chain.mine(tags('y1', 'y2'));
    await feed(watcher, chain.mine(tags('z')));
    expect(cursor.load()?.block).toBe(6);
    chain.reorgTo(4);
    const forked = chain.mine(tags('w'), 'fork');
    await feed(watcher, forked);
    expect(removed).toEqual(['z', 'y2', 'y1']);
    expect(delivered).toEqual(['x', 'y1', 'y2', 'z', 'w']);
    expect(cursor.load()).toMatchObject({ block: 5, hash: forked.hash });
    expect(logger.lines.some((l) => /reorganised/.test(l))).toBe(true);
  });

  it('notices a replacement block at the same height (a poll sees the same number with another hash)', async () => {
    const chain = new ScriptedChain(3);
    const { watcher, delivered, removed } = watch(chain);
    await watcher.start(chain.head);
    await feed(watcher, chain.mine(tags('first')));
    chain.reorgTo(3);
    await feed(watcher, chain.mine(tags('second'), 'fork'));
    expect(removed).toEqual(['first']);
    expect(delivered).toEqual(['first', 'second']);
  });

  it('resumes after a restart from its cursor, and re-reads a window if the cursor’s block was reorganised meanwhile', async () => {
    const chain = new ScriptedChain(3);
    const first = watch(chain);
    await first.watcher.start(chain.head);
    await feed(first.watcher, chain.mine(tags('before')));
    chain.mine(tags('while-down'));
    const again = watch(chain, { fromBlock: 0 }, first.cursor);
    await again.watcher.start(chain.head);
    expect(again.delivered).toEqual(['while-down']);

    chain.reorgTo(4);
    chain.mine(tags('other'), 'fork');
    const third = watch(chain, { reorgWindow: 2 }, again.cursor);
    await third.watcher.start(chain.head);
    expect(third.delivered).toEqual(['before', 'other']);
    expect(third.logger.lines.some((l) => /below the event cursor/.test(l))).toBe(true);
  });

  it('retries a failed read with the next head without skipping a block', async () => {
    const chain = new ScriptedChain(3);
    const { watcher, delivered, logger } = watch(chain);
    await watcher.start(chain.head);
    chain.failNextRead = true;
    await feed(watcher, chain.mine(tags('lost?')));
    expect(delivered).toEqual([]);
    expect(logger.lines.some((l) => /retrying with the next block/.test(l))).toBe(true);
    await feed(watcher, chain.mine());
    expect(delivered).toEqual(['lost?']);
  });

  it('skips reading a new block whose bloom cannot hold the contract', async () => {
    const chain = new ScriptedChain(3);
    const { watcher } = watch(chain);
    await watcher.start(chain.head);
    const reads = chain.reads;
    const empty = { ...chain.mine(), logsBloom: '0x' + '00'.repeat(256) };
    await feed(watcher, empty);
    expect(chain.reads).toBe(reads);
    await feed(watcher, { ...chain.mine(), logsBloom: '0x' + 'ff'.repeat(256) });
    expect(chain.reads).toBe(reads + 1);
  });

  it('starts at the head without a cursor or a first block, and refuses a confirmation depth below 1', async () => {
    const chain = new ScriptedChain(3);
    chain.mine(tags('old'));
    const { watcher, delivered } = watch(chain, { fromBlock: undefined });
    await watcher.start(chain.head);
    await feed(watcher, chain.mine(tags('new')));
    expect(delivered).toEqual(['new']);
    expect(() => watch(chain, { confirmations: 0 })).toThrow(/at least 1/);
  });
});
