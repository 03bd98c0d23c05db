import { describe, expect, it } from 'vitest';
import { ClockAbortedError } from '../../../../src-main/engine/index';
import { ChainClock, GENESIS_BLOCK } from '../../../../src-main/market/sim/clock';

describe('chain clock', () => {
  it('reads integer seconds and a block counter that grows every blockTime seconds', async () => {
    const clock = new ChainClock({ mode: 'manual', start: 1000, blockTime: 2 });
    expect(clock.now()).toBe(1000);
    expect(clock.blockNumber()).toBe(GENESIS_BLOCK);
    await clock.advanceTime(5);
    expect(clock.now()).toBe(1005);
    expect(clock.blockNumber()).toBe(GENESIS_BLOCK + 2);
  });

  it('resolves a waiter only when the manual clock reaches its time, at that exact time', async () => {
    const clock = new ChainClock({ mode: 'manual', start: 0 });
    const seen: number[] = [];
    void clock.waitUntil(10).then(() => seen.push(clock.now()));
    void clock.waitUntil(4).then(() => seen.push(clock.now()));
    await clock.advanceTo(3);
    expect(seen).toEqual([]);
    await clock.advanceTo(20);
    expect(seen).toEqual([4, 10]);
    expect(clock.now()).toBe(20);
  });

  it('lets a woken waiter act before time moves on', async () => {
    const clock = new ChainClock({ mode: 'manual', start: 0 });
    const times: number[] = [];
    const loop = async () => {
      for (let t = 5; t <= 15; t += 5) {
        await clock.waitUntil(t);
        times.push(clock.now());
      }
    };
    const done = loop();
    await clock.advanceTo(100);
    await done;
    expect(times).toEqual([5, 10, 15]);
  });

  it('resolves at once for a time already reached', async () => {
    const clock = new ChainClock({ mode: 'manual', start: 50 });
    await expect(clock.waitUntil(50)).resolves.toBeUndefined();
  });

  it('rejects a waiter whose signal aborts, and forgets it', async () => {
    const clock = new ChainClock({ mode: 'manual', start: 0 });
    const controller = new AbortController();
    const waiting = clock.waitUntil(10, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(ClockAbortedError);
    expect(clock.pendingTimers).toBe(0);
  });

  it('jumps a realtime clock ahead, firing due waiters at their instants, then follows wall time again', async () => {
    const clock = new ChainClock({ mode: 'realtime', speed: 1, start: 1000 });
    const t0 = clock.now();
    const seen: number[] = [];
    void clock.waitUntil(t0 + 500).then(() => seen.push(clock.now()));
    expect(await clock.advanceTime(3600)).toBeGreaterThanOrEqual(t0 + 3600);
    expect(seen).toEqual([t0 + 500]);
    expect(clock.now()).toBeGreaterThanOrEqual(t0 + 3600);
    expect(clock.now()).toBeLessThan(t0 + 3605);
    clock.stop();
  });

  it('refuses a fractional time', async () => {
    const clock = new ChainClock({ mode: 'manual', start: 0 });
    await expect(clock.advanceTo(1.5)).rejects.toThrow(RangeError);
  });

  it('runs realtime at the speed factor', async () => {
    const clock = new ChainClock({ mode: 'realtime', speed: 1000, start: 0 });
    const t0 = clock.now();
    await clock.waitUntil(t0 + 20);
    expect(clock.now()).toBeGreaterThanOrEqual(t0 + 20);
    clock.stop();
  });
});
