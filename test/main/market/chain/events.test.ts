// Contract events reach subscribers over the WebSocket, or by HTTP polling without one, in block
// order and once each; a restarted adapter delivers what happened while it was down from its cursor;
// history queries read past events by block or by time.
import { describe, expect, it } from 'vitest';
import type { MarketEvents } from '../../../../src-main/engine/index';
import type { ChainSession } from '../../../../src-main/market/chain/session';
import { until, useChainFixture } from './fixture';

const chain = useChainFixture();

function record(s: ChainSession) {
  const seen: string[] = [];
  const on = <E extends keyof MarketEvents>(name: E, show: (p: MarketEvents[E]) => string) =>
    s.market.subscribe(name, (p) => seen.push(`${name} ${show(p)}`));
  on('StorageRequested', (p) => p.requestId);
  on('SlotFilled', (p) => `${p.requestId} ${p.slotIndex}`);
  on('RequestFulfilled', (p) => p.requestId);
  on('ProofSubmitted', (p) => p.id);
  return seen;
}

describe('events', () => {
  it('arrive over the WebSocket in block and log order, each once, narrowed as asked', async () => {
    const f = chain();
    const s = await f.connect();
    const seen = record(s);
    const mine: bigint[] = [];
    await s.eventsReady();
    const a = await f.post({ slots: 1n });
    const b = await f.post({ slots: 1n });
    s.market.subscribe('SlotFilled', (p) => mine.push(p.slotIndex), { requestId: b.id });
    await f.otherFills(0, a.id, 0n);
    await f.otherFills(1, b.id, 0n);
    const slotB = s.market.slotId(b.id, 0n);
    await until(() => seen.length === 8, 'eight events');
    expect(seen).toEqual([
      `StorageRequested ${a.id}`,
      `StorageRequested ${b.id}`,
      `ProofSubmitted ${s.market.slotId(a.id, 0n)}`,
      `SlotFilled ${a.id} 0`,
      `RequestFulfilled ${a.id}`,
      `ProofSubmitted ${slotB}`,
      `SlotFilled ${b.id} 0`,
      `RequestFulfilled ${b.id}`,
    ]);
    expect(mine).toEqual([0n]);
    expect(s.status.get().events).toBe('websocket');
    expect(s.rpcCalls().ws.eth_getLogs).toBeGreaterThan(0);
    expect(s.rpcCalls().http.eth_getLogs ?? 0).toBe(0);
  });

  it('arrive by HTTP polling when no WebSocket is given', async () => {
    const f = chain();
    const s = await f.connect({ wsUrl: undefined });
    const seen = record(s);
    await s.eventsReady();
    const { id } = await f.post({ slots: 1n });
    await f.otherFills(0, id, 0n);
    await until(() => seen.length === 4, 'four events');
    expect(seen[0]).toBe(`StorageRequested ${id}`);
    expect(s.status.get().events).toBe('polling');
    expect(s.rpcCalls().ws).toEqual({});
  });

  it('missed while the adapter was down are delivered after a restart, and none twice', async () => {
    const f = chain();
    const first = await f.connect();
    const before = record(first);
    await first.eventsReady();
    const a = await f.post();
    await until(() => before.length === 1, 'the first request');
    await first.close();
    const b = await f.post();
    const c = await f.post();
    const second = await f.connect();
    const after = record(second);
    await second.eventsReady();
    expect(after).toEqual([`StorageRequested ${b.id}`, `StorageRequested ${c.id}`]);
    expect(before).toEqual([`StorageRequested ${a.id}`]);
  });

  it('start at the newest block without a cursor, or at --from-block', async () => {
    const f = chain();
    const { id } = await f.post();
    const fresh = await f.connect();
    const none = record(fresh);
    await fresh.eventsReady();
    await fresh.close();
    f.dataDir = `${f.dataDir}-history`;
    const { mkdirSync } = await import('node:fs');
    mkdirSync(f.dataDir);
    const history = await f.connect({ fromBlock: f.devnet.addresses.deployBlock });
    const all = record(history);
    await history.eventsReady();
    expect(none).toEqual([]);
    expect(all).toEqual([`StorageRequested ${id}`]);
  });

  it('of the past are found by block and by time, with their block timestamps', async () => {
    const f = chain();
    const s = await f.connect();
    const a = await f.post({ slots: 1n });
    const t = (await f.now()) + 100;
    await f.mineAt(t);
    const b = await f.post({ slots: 1n });
    await f.otherFills(0, b.id, 0n);
    const sinceTime = await s.market.queryPastStorageRequestedEvents({ fromTime: t });
    expect(sinceTime.map((e) => e.requestId)).toEqual([b.id]);
    expect(sinceTime[0]!.timestamp).toBeGreaterThanOrEqual(t);
    const all = await s.market.queryPastStorageRequestedEvents({ fromBlock: 0 });
    expect(all.map((e) => e.requestId)).toEqual([a.id, b.id]);
    expect(all[1]!.ask.slots).toBe(1n);
    const fills = await s.market.queryPastSlotFilledEvents({ blocksAgo: 5 });
    expect(fills.map((e) => [e.requestId, e.slotIndex])).toEqual([[b.id, 0n]]);
  });
});

describe('the chain clock', () => {
  it('follows block timestamps, jumps with the chain and wakes waiters when a block passes their time', async () => {
    const f = chain();
    const s = await f.connect();
    const now = await f.now();
    expect(Math.abs(s.clock.now() - now)).toBeLessThanOrEqual(1);
    let woke = false;
    const waiting = s.clock.waitUntil(now + 500).then(() => (woke = true));
    await f.devnet.controls.increaseTime(1000);
    await waiting;
    expect(woke).toBe(true);
    expect(s.clock.now()).toBeGreaterThanOrEqual(now + 1000);
  });
});

describe('a confirmation depth above one', () => {
  it('holds events and transactions back until enough blocks are on top of theirs', async () => {
    const f = chain();
    const s = await f.connect({ confirmations: 2 });
    const seen: string[] = [];
    s.market.subscribe('StorageRequested', (e) => seen.push(e.requestId));
    await s.eventsReady();
    const { id } = await f.post();
    let reserved = false;
    const reserving = s.market.reserveSlot(id, 0n).then(() => (reserved = true));
    await until(async () => !(await s.market.canReserveSlot(id, 0n)), 'the reservation to be mined');
    await new Promise((r) => setTimeout(r, 300));
    // The request's block has the reservation's on top of it: two confirmations; the reservation has one.
    expect(seen).toEqual([id]);
    expect(reserved).toBe(false);
    await f.devnet.controls.mine();
    await reserving;
    expect(reserved).toBe(true);
  });
});
