import { describe, expect, it } from 'vitest';
import {
  blocksOfSlotSize,
  nextPowerOfTwo,
  slotBlockCount,
  slotSizeBytes,
} from '../../../../../src-main/proofs/codex/slots/layout';

describe("Codex's slot layout", () => {
  it('pads a slot to a power of two of blocks', () => {
    expect([1, 2, 3, 5, 16, 17].map(slotBlockCount)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(slotSizeBytes(5)).toBe(8n * 65536n);
    expect(() => nextPowerOfTwo(0)).toThrow(RangeError);
  });

  it("reads a request's slot size back into blocks, refusing sizes outside the layout", () => {
    expect(blocksOfSlotSize(1n << 30n)).toEqual({ ok: true, blocks: 16384 });
    expect(blocksOfSlotSize(65536n)).toEqual({ ok: true, blocks: 1 });
    expect(blocksOfSlotSize(3n * 65536n)).toMatchObject({ ok: false });
    expect(blocksOfSlotSize(65537n)).toMatchObject({ ok: false });
    expect(blocksOfSlotSize(0n)).toMatchObject({ ok: false });
    expect(blocksOfSlotSize(1n << 43n)).toEqual({ ok: true, blocks: 1 << 27 });
    expect(blocksOfSlotSize(1n << 44n)).toMatchObject({ ok: false, message: expect.stringContaining('2^32 cells') });
  });
});
