// The block clock: chain time from block timestamps carried forward by elapsed wall time, never
// backwards, jumping with the chain, and waking waiters at their second or when a block passes it.
import { describe, expect, it } from 'vitest';
import { ClockAbortedError } from '../../../../src-main/engine/index';
import { BlockClock } from '../../../../src-main/market/chain/clock';
import type { BlockHeader } from '../../../../src-main/market/chain/heads';

const block = (number: number, timestamp: number): BlockHeader => ({
  number,
  timestamp,
  hash: `0x${number}`,
  parentHash: '0x',
});

function manualWall(start = 5_000_000) {
  const wall = { ms: start };
  return { wall, read: () => wall.ms };
}

describe('the block clock', () => {
  it('reads the newest block’s time, carried forward by the wall time since it was seen', () => {
    const { wall, read } = manualWall();
    const clock = new BlockClock(block(1, 1_000), read);
    expect(clock.now()).toBe(1_000);
    wall.ms += 2_500;
    expect(clock.now()).toBe(1_002);
    clock.observe(block(2, 1_010));
    expect(clock.now()).toBe(1_010);
  });

  it('never goes backwards when a block carries an older time than the carried-forward one', () => {
    const { wall, read } = manualWall();
    const clock = new BlockClock(block(1, 1_000), read);
    wall.ms += 5_000;
    expect(clock.now()).toBe(1_005);
    clock.observe(block(2, 1_003));
    expect(clock.now()).toBe(1_005);
  });

  it('wakes a waiter when a block jumps past its time, and at once for a time already passed', async () => {
    const clock = new BlockClock(block(1, 1_000));
    await clock.waitUntil(999);
    let woke = false;
    const waiting = clock.waitUntil(2_000).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(woke).toBe(false);
    clock.observe(block(2, 2_000));
    await waiting;
    expect(clock.pendingWaiters).toBe(0);
  });

  it('wakes a waiter by wall time when no block comes', async () => {
    const clock = new BlockClock(block(1, Math.floor(Date.now() / 1000)));
    const t = clock.now() + 1;
    await clock.waitUntil(t);
    expect(clock.now()).toBeGreaterThanOrEqual(t);
  });

  it('rejects waiters whose signal aborts', async () => {
    const clock = new BlockClock(block(1, 1_000));
    const abort = new AbortController();
    const waiting = clock.waitUntil(5_000, abort.signal);
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(ClockAbortedError);
    await expect(clock.waitUntil(5_000, abort.signal)).rejects.toBeInstanceOf(ClockAbortedError);
    expect(clock.pendingWaiters).toBe(0);
  });
});
