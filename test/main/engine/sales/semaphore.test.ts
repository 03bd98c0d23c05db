import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../../src-main/engine/sales/semaphore';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('lets at most `limit` holders in at once', async () => {
    const proofs = new Semaphore(2);
    let inside = 0;
    let peak = 0;
    const work = () =>
      proofs.run(new AbortController().signal, async () => {
        peak = Math.max(peak, ++inside);
        await turn();
        inside--;
      });
    await Promise.all(Array.from({ length: 7 }, work));
    expect(peak).toBe(2);
    expect(proofs.taken).toBe(0);
  });

  it('serves urgent waiters (proofs of slots we hold) before the others', async () => {
    const proofs = new Semaphore(1);
    const signal = new AbortController().signal;
    await proofs.acquire(signal);
    const order: string[] = [];
    const filling = proofs.acquire(signal).then(() => order.push('filling'));
    const held = proofs.acquire(signal, true).then(() => order.push('held'));
    proofs.release();
    await held;
    proofs.release();
    await filling;
    expect(order).toEqual(['held', 'filling']);
  });

  it('lets a waiter whose sale moved on leave the line without taking a place', async () => {
    const downloads = new Semaphore(1);
    await downloads.acquire(new AbortController().signal);
    const leaving = new AbortController();
    const waiting = downloads.acquire(leaving.signal);
    leaving.abort(new Error('sale cancelled'));
    await expect(waiting).rejects.toThrow('sale cancelled');
    downloads.release();
    expect(downloads.taken).toBe(0);
  });
});
