// The signer's nonces across restarts and outside transactions, stuck transactions replaced with a
// higher fee, and the journal that lets a restarted host follow what it sent before.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { devnetChainTimings } from '../../../../src-main/market/chain/timings';
import { until, useChainFixture } from './fixture';

const chain = useChainFixture();
const journalOf = (dataDir: string) =>
  JSON.parse(readFileSync(join(dataDir, 'chain-nonces.json'), 'utf8')) as {
    next: number;
    inflight: { nonce: number; hashes: string[] }[];
  };

describe('nonces', () => {
  it('continue after a restart from the journal and the chain', async () => {
    const f = chain();
    const first = await f.connect();
    const { id } = await f.post();
    await first.market.reserveSlot(id, 0n);
    const after = await f.devnet.provider.getTransactionCount(first.address);
    expect(journalOf(f.dataDir)).toMatchObject({ next: after, inflight: [] });
    await first.close();
    const second = await f.connect();
    await second.market.reserveSlot(id, 1n);
    expect(await f.devnet.provider.getTransactionCount(second.address)).toBe(after + 1);
  });

  it('are re-synced with the chain when another process used the same key', async () => {
    const f = chain();
    const s = await f.connect();
    const { id } = await f.post();
    await s.market.reserveSlot(id, 0n);
    const outside = new Wallet(f.hostKey, f.devnet.provider);
    await (await outside.sendTransaction({ to: f.devnet.accounts[0]!.address, value: 1n })).wait();
    await s.market.reserveSlot(id, 1n);
    expect(await s.market.canReserveSlot(id, 1n)).toBe(false);
    expect(f.logger.lines.some((l) => /used by another transaction of this account/.test(l))).toBe(true);
    expect(journalOf(f.dataDir)).toMatchObject({
      next: await f.devnet.provider.getTransactionCount(s.address),
      inflight: [],
    });
  });

  it('are not used up by transactions that fail their estimate', async () => {
    const f = chain();
    const s = await f.connect();
    const { id } = await f.post();
    const nonce = await f.devnet.provider.getTransactionCount(s.address);
    await expect(s.market.freeSlot(s.market.slotId(id, 0n))).rejects.toMatchObject({ code: 'Marketplace_SlotIsFree' });
    await s.market.reserveSlot(id, 0n);
    expect(await f.devnet.provider.getTransactionCount(s.address)).toBe(nonce + 1);
  });
});

describe('a stuck transaction', () => {
  it('is replaced with the same nonce and a higher fee, and the replacement is what gets mined', async () => {
    const f = chain();
    const s = await f.connect({}, { timings: { ...devnetChainTimings, stuckAfterBlocks: 1_000, stuckAfterMs: 300 } });
    const { id } = await f.post();
    await f.devnet.controls.setAutomine(false);
    let reserved: Promise<void>;
    let signed: string[];
    try {
      reserved = s.market.reserveSlot(id, 0n);
      await until(() => (journalOf(f.dataDir).inflight[0]?.hashes.length ?? 0) >= 2, 'a replacement', 10_000);
      signed = journalOf(f.dataDir).inflight[0]!.hashes;
      expect(s.status.get().stuckTransactions).toBe(1);
      await f.devnet.controls.mine();
    } finally {
      await f.devnet.controls.setAutomine(true);
    }
    await reserved;
    const block = await f.devnet.provider.getBlock('latest', true);
    const mined = block!.prefetchedTransactions.filter((t) => t.from.toLowerCase() === s.address);
    expect(mined).toHaveLength(1);
    // A replacement, not the first signature, was mined; the journal forgot the settled nonce.
    expect(signed.slice(1)).toContain(mined[0]!.hash.toLowerCase());
    expect(journalOf(f.dataDir).inflight).toEqual([]);
    expect(s.status.get()).toMatchObject({ pendingTransactions: 0, stuckTransactions: 0 });
  });
});
