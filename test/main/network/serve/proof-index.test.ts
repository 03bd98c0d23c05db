import { describe, expect, it } from 'vitest';
import { ProofIndex } from '../../../../src-main/network/serve/proof-index';
import { LINEAR, STEPPED, strategyIndices } from '../../../../src-main/network/manifest/indexing';

describe('ProofIndex', () => {
  it('finds every record of a Linear or a Stepped slot by dataset index, in any arrival order', () => {
    for (const strategy of [LINEAR, STEPPED] as const) {
      const slot = strategyIndices(strategy, 0, 999, 4, 2); // slot 2 of 4 over 1,000 dataset blocks
      const index = new ProofIndex();
      const order = slot.map((_, i) => i).sort((a, b) => ((a * 7919) % 251) - ((b * 7919) % 251));
      for (const i of order) index.add(i, slot[i]!, i * 100, 90);
      expect(index.size).toBe(slot.length);
      slot.forEach((d, i) => expect(index.offsetOf(d), `${strategy}: ${d}`).toBe(i * 100));
      expect(index.offsetOf(slot[0]! - 1)).toBeUndefined();
      expect(index.offsetOf(slot.at(-1)! + 1)).toBeUndefined();
      expect(index.maxRecord).toBe(90);
    }
  });

  it('still finds records off the run, a block kept twice at its newest offset, and offsets past 4 GiB', () => {
    const index = new ProofIndex();
    index.add(0, 10, 0, 50);
    index.add(1, 11, 50, 50);
    index.add(2, 500, 100, 60); // off the run 10, 11, 12…
    index.add(1, 11, 160, 50); // kept again
    index.add(3, 13, 2 ** 33, 50);
    expect(index.offsetOf(10)).toBe(0);
    expect(index.offsetOf(11)).toBe(160);
    expect(index.offsetOf(500)).toBe(100);
    expect(index.offsetOf(12)).toBeUndefined();
    expect(index.offsetOf(13)).toBe(2 ** 33);
    expect(index.size).toBe(4);
    expect(index.maxRecord).toBe(60);
  });

  it('knows nothing before the first record, and only that block after it', () => {
    const index = new ProofIndex();
    expect(index.offsetOf(0)).toBeUndefined();
    index.add(5, 40, 7, 20);
    expect(index.offsetOf(40)).toBe(7);
    expect(index.offsetOf(41)).toBeUndefined();
    expect(index.offsetOf(39)).toBeUndefined();
  });
});
