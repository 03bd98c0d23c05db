// Unsigned LEB128 varints: protobuf fields, CIDs, multihashes and the block-exchange frame length
// all use them. Values are JS numbers, exact up to 2^53 - 1; larger ones are refused, because every
// count, index and size on this wire fits far below that.
import { NetworkError } from '../errors';

/** Bytes `value` takes as a varint. */
export function varintLength(value: number): number {
  let n = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

/** Writes `value` at `offset` of `out`; returns the offset after it. */
export function writeVarint(out: Uint8Array, offset: number, value: number): number {
  if (value < 0x80 && value >= 0 && Number.isInteger(value)) {
    out[offset] = value;
    return offset + 1;
  }
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint value out of range: ${value}`);
  while (value >= 0x80) {
    out[offset++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  out[offset++] = value;
  return offset;
}

/** `value` as a varint of its own. */
export function encodeVarint(value: number): Uint8Array {
  const out = new Uint8Array(varintLength(value));
  writeVarint(out, 0, value);
  return out;
}

/**
 * Reads a varint at `offset` of `buf` below `end`. Returns [value, next offset], or undefined when the
 * bytes end before the varint does (a caller streaming frames waits for more). Throws on a varint
 * longer than 10 bytes or above 2^53 - 1.
 */
export function readVarint(buf: Uint8Array, offset: number, end = buf.length): [number, number] | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (offset >= end) return undefined;
    const byte = buf[offset++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      if (!Number.isSafeInteger(value)) throw new NetworkError('invalid-protobuf', 'varint above 2^53 - 1');
      return [value, offset];
    }
    scale *= 128;
  }
  throw new NetworkError('invalid-protobuf', 'varint longer than 10 bytes');
}
