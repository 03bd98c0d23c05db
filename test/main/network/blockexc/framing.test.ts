import { describe, expect, it } from 'vitest';
import { FrameDecoder, frameChunks } from '../../../../src-main/network/blockexc/framing';

const frames = (...bodies: Uint8Array[]) =>
  Uint8Array.from(bodies.flatMap((b) => [...frameChunks([b], b.length).subarray()]));

describe('length-prefixed frames', () => {
  it('come out whole however the bytes are split', () => {
    const a = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const b = new Uint8Array(0);
    const c = Uint8Array.of(9);
    const bytes = frames(a, b, c);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new FrameDecoder(1000);
      const out = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))];
      expect(out).toEqual([a, b, c]);
      expect(d.buffered).toBe(0);
    }
  });

  it('refuse a length above the limit before its bytes arrive', () => {
    const d = new FrameDecoder(100);
    expect(() => d.push(Uint8Array.of(0xe5, 0x00))).toThrow(/frame of 101 bytes exceeds the 100-byte limit/);
  });

  it('refuse a length that is not a varint', () => {
    expect(() => new FrameDecoder(100).push(new Uint8Array(11).fill(0xff))).toThrow(/not a valid varint/);
  });

  it('hold a partial frame until the rest arrives', () => {
    const d = new FrameDecoder(100);
    expect(d.push(Uint8Array.of(5, 1, 2))).toEqual([]);
    expect(d.buffered).toBe(2);
    expect(d.push(Uint8Array.of(3, 4, 5, 1))).toEqual([Uint8Array.of(1, 2, 3, 4, 5)]);
  });
});
