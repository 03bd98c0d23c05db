// The minprotobuf-style codec: exact bytes out, strict bounds in.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ProtoReader,
  ProtoWriter,
  ProtobufError,
  decodeUvarint,
  encodeUvarint,
  readFields,
} from '../../../../src-main/network/spr/protobuf';

describe('protobuf codec', () => {
  it('writes zero values like nim (every field present)', () => {
    expect(Buffer.from(new ProtoWriter().uint(1, 0).bytes(2, new Uint8Array(0)).finish()).toString('hex')).toBe(
      '08001200',
    );
  });

  it('round-trips any uint64 varint and refuses longer or larger ones', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (v) => decodeUvarint(encodeUvarint(v), 0)[0] === v),
    );
    expect(() => decodeUvarint(new Uint8Array(11).fill(0x80), 0)).toThrow(ProtobufError);
    expect(() => decodeUvarint(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), 0)).toThrow(
      /64 bits/,
    );
    expect(() => decodeUvarint(Uint8Array.of(0x80), 0)).toThrow(/truncated/);
    expect(() => encodeUvarint(-1n)).toThrow(ProtobufError);
  });

  it('refuses fields that run past the end, groups, and too many fields', () => {
    expect(() => readFields(Uint8Array.of(0x0a, 0x05, 0x01))).toThrow(/past the end/);
    expect(() => readFields(Uint8Array.of(0x0b))).toThrow(/wire type 3/);
    expect(() =>
      readFields(
        new Uint8Array(20).fill(0x08).map((b, i) => (i % 2 ? 0 : b)),
        5,
      ),
    ).toThrow(/more than 5/);
    expect(() => new ProtoReader(Uint8Array.of(0x08, 0x01)).bytes(1)).toThrow(/wrong wire type/);
  });

  it('reads the last value of a repeated scalar and every value of a repeated field', () => {
    const r = new ProtoReader(
      new ProtoWriter().uint(1, 1).uint(1, 2).bytes(2, Uint8Array.of(7)).bytes(2, Uint8Array.of(8)).finish(),
    );
    expect(r.uint(1)).toBe(2n);
    expect(r.repeatedBytes(2).map((b) => b[0])).toEqual([7, 8]);
    expect(() => r.requireBytes(3, 'thing')).toThrow(/missing thing/);
  });

  it('never throws anything but ProtobufError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          readFields(bytes);
        } catch (e) {
          return e instanceof ProtobufError;
        }
        return true;
      }),
    );
  });
});
