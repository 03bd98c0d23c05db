import { describe, expect, it } from 'vitest';
import { describeStop, stopWithin } from '../../../src-main/headless/shutdown';

describe('stopping within a deadline', () => {
  it('runs every step in order and exits 0', async () => {
    const done: string[] = [];
    const outcome = await stopWithin(
      [
        { name: 'a', run: async () => void done.push('a') },
        { name: 'b', run: () => void done.push('b') },
      ],
      1000,
    );
    expect(done).toEqual(['a', 'b']);
    expect(describeStop(outcome, 1000)).toEqual({ status: 0 });
  });

  it('gives up on a step that does not finish, naming it, and exits 1', async () => {
    const outcome = await stopWithin(
      [
        { name: 'closing connections', run: () => {} },
        { name: 'stopping the engine and letting its writes finish', run: () => new Promise<void>(() => {}) },
        { name: 'never reached', run: () => {} },
      ],
      50,
    );
    expect(describeStop(outcome, 10_000)).toEqual({
      status: 1,
      line: 'stopped after 10 s without finishing: cut short while stopping the engine and letting its writes finish',
    });
  });

  it('reports a step that failed and exits 1', async () => {
    const outcome = await stopWithin(
      [{ name: 'closing connections', run: () => Promise.reject(new Error('boom')) }],
      1000,
    );
    expect(describeStop(outcome, 1000)).toEqual({ status: 1, line: 'stopping failed while closing connections: boom' });
  });
});
