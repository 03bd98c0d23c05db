import { describe, expect, it } from 'vitest';
import { isGroth16Error } from '../../../../src-main/proofs/groth16';
import { ProofTurns } from '../../../../src-main/proofs/groth16/turns';

describe('ProofTurns', () => {
  it('gives the turn to held proofs first, each purpose first come first served', async () => {
    const turns = new ProofTurns();
    const order: string[] = [];
    const first = await turns.take('filling');
    const waits = [
      ['filling-a', 'filling'],
      ['held-a', 'held'],
      ['filling-b', 'filling'],
      ['held-b', 'held'],
    ].map(async ([name, purpose]) => {
      const release = await turns.take(purpose as 'held' | 'filling');
      order.push(name!);
      release();
    });
    expect(turns.waiting).toBe(4);
    first();
    await Promise.all(waits);
    expect(order).toEqual(['held-a', 'held-b', 'filling-a', 'filling-b']);
    expect(turns.waiting).toBe(0);
  });

  it('lets a waiter whose signal aborts leave the line, and passes a turn on once however often it is released', async () => {
    const turns = new ProofTurns();
    const first = await turns.take('held');
    const controller = new AbortController();
    const leaving = turns.take('held', controller.signal);
    const staying = turns.take('filling');
    controller.abort();
    const left = await leaving.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isGroth16Error(left) && left.code).toBe('cancelled');
    first();
    first(); // a second release must not let a third proof run beside the next one
    const next = await staying;
    let third = false;
    const after = turns.take('held').then((release) => {
      third = true;
      release();
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    next();
    await after;
    expect(third).toBe(true);
  });
});
