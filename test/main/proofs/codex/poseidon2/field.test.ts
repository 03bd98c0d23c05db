import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FIELD_MODULUS,
  bigintToBytesLE,
  fieldFromBytes,
  fieldToBytes,
} from '../../../../../src-main/proofs/codex/poseidon2/field';

const element = fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n });

describe('field elements as 32 little-endian bytes', () => {
  it('round-trips every canonical element', () => {
    fc.assert(
      fc.property(element, (x) => {
        const back = fieldFromBytes(fieldToBytes(x));
        return back.ok && back.value === x;
      }),
    );
  });

  it('writes the low byte first', () => {
    expect([...fieldToBytes(0x0102n).subarray(0, 3)]).toEqual([2, 1, 0]);
  });

  it('rejects r and above, as Codex fromBytes does, and refuses to write them', () => {
    expect(fieldFromBytes(bigintToBytesLE(FIELD_MODULUS - 1n, 32)).ok).toBe(true);
    expect(fieldFromBytes(bigintToBytesLE(FIELD_MODULUS, 32))).toMatchObject({ ok: false, error: 'not-canonical' });
    expect(fieldFromBytes(new Uint8Array(32).fill(0xff))).toMatchObject({ ok: false, error: 'not-canonical' });
    expect(() => fieldToBytes(FIELD_MODULUS)).toThrow(RangeError);
    expect(() => fieldToBytes(-1n)).toThrow(RangeError);
  });

  it('rejects anything but 32 bytes', () => {
    expect(fieldFromBytes(new Uint8Array(31))).toMatchObject({ ok: false, error: 'wrong-length' });
    expect(fieldFromBytes(new Uint8Array(33))).toMatchObject({ ok: false, error: 'wrong-length' });
  });
});
