// Bytes → field elements as nim-poseidon2's `elements` iterator reads them: 31-byte chunks as
// little-endian integers (each < 2^248 < r), then the 0–30 remaining bytes with a 0x01 end marker
// appended, as one more element. So n bytes give ⌊n/31⌋ + 1 elements; a 2,048-byte cell gives 67.
import { bigintFromBytesLE } from './field';

/** Bytes per full chunk: the most that always fits below r. */
export const CHUNK_BYTES = 31;

/** How many elements `byteLength` bytes become. */
export function elementCount(byteLength: number): number {
  return Math.floor(byteLength / CHUNK_BYTES) + 1;
}

/** The field elements of `bytes`, end marker included. */
export function bytesToElements(bytes: Uint8Array): bigint[] {
  const out: bigint[] = [];
  let start = 0;
  for (; start + CHUNK_BYTES <= bytes.length; start += CHUNK_BYTES)
    out.push(bigintFromBytesLE(bytes.subarray(start, start + CHUNK_BYTES)));
  const tail = new Uint8Array(bytes.length - start + 1);
  tail.set(bytes.subarray(start));
  tail[tail.length - 1] = 1;
  out.push(bigintFromBytesLE(tail));
  return out;
}
