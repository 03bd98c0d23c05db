// A minimal protobuf reader and writer in the style of nim-libp2p's minprotobuf, which is what
// Codex's DHT and its signed peer records are written with: the writer emits every field it is
// given, zero values included (nim's decoders treat a missing required field as an error), and
// the reader keeps every occurrence so callers pick "last wins" or "repeated" as nim does.

/** A protobuf input that cannot be read; `message` says where. */
export class ProtobufError extends Error {
  override readonly name = 'ProtobufError';
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;
const MAX_UINT64 = (1n << 64n) - 1n;

/** One decoded field: varints as bigint, length-delimited and fixed fields as their bytes. */
export interface ProtoField {
  no: number;
  wire: number;
  varint?: bigint;
  bytes?: Uint8Array;
}

/** Appends the unsigned LEB128 encoding of `value` (0 ≤ value < 2^64). */
export function encodeUvarint(value: bigint | number): Uint8Array {
  let v = BigInt(value);
  if (v < 0n || v > MAX_UINT64) throw new ProtobufError(`varint out of range: ${v}`);
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? low : low | 0x80);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

/** Reads a uvarint at `offset`; returns the value and the offset after it. */
export function decodeUvarint(buf: Uint8Array, offset: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    const at = offset + i;
    if (at >= buf.length) throw new ProtobufError('truncated varint');
    const byte = buf[at] ?? 0;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) {
      if (result > MAX_UINT64) throw new ProtobufError('varint exceeds 64 bits');
      return [result, at + 1];
    }
    shift += 7n;
  }
  throw new ProtobufError('varint longer than 10 bytes');
}

/** Splits a message into its fields, in wire order. Groups (wire types 3 and 4) are rejected. */
export function readFields(buf: Uint8Array, maxFields = 4096): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  while (at < buf.length) {
    if (fields.length >= maxFields) throw new ProtobufError(`more than ${maxFields} fields`);
    const [key, afterKey] = decodeUvarint(buf, at);
    const no = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (no < 1 || key >> 3n > 0x1fffffffn) throw new ProtobufError(`invalid field number ${key >> 3n}`);
    at = afterKey;
    if (wire === WIRE_VARINT) {
      const [value, next] = decodeUvarint(buf, at);
      fields.push({ no, wire, varint: value });
      at = next;
    } else if (wire === WIRE_BYTES) {
      const [len, next] = decodeUvarint(buf, at);
      if (len > BigInt(buf.length - next)) throw new ProtobufError(`field ${no} runs past the end`);
      const end = next + Number(len);
      fields.push({ no, wire, bytes: buf.subarray(next, end) });
      at = end;
    } else if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
      const size = wire === WIRE_FIXED64 ? 8 : 4;
      if (at + size > buf.length) throw new ProtobufError(`field ${no} runs past the end`);
      fields.push({ no, wire, bytes: buf.subarray(at, at + size) });
      at += size;
    } else {
      throw new ProtobufError(`unsupported wire type ${wire} in field ${no}`);
    }
  }
  return fields;
}

/** Field access over a decoded message with nim's rules: the last occurrence of a scalar wins. */
export class ProtoReader {
  private readonly fields: ProtoField[];

  constructor(buf: Uint8Array, maxFields?: number) {
    this.fields = readFields(buf, maxFields);
  }

  private all(no: number, wire: number): ProtoField[] {
    const found = this.fields.filter((f) => f.no === no);
    if (found.some((f) => f.wire !== wire)) throw new ProtobufError(`field ${no} has the wrong wire type`);
    return found;
  }

  /** The last bytes value of field `no`, or undefined when absent. */
  bytes(no: number): Uint8Array | undefined {
    return this.all(no, WIRE_BYTES).at(-1)?.bytes;
  }

  /** Every bytes value of field `no`, in order. */
  repeatedBytes(no: number): Uint8Array[] {
    return this.all(no, WIRE_BYTES).map((f) => f.bytes ?? new Uint8Array(0));
  }

  /** The last varint value of field `no`, or undefined when absent. */
  uint(no: number): bigint | undefined {
    return this.all(no, WIRE_VARINT).at(-1)?.varint;
  }

  /** Like `bytes`, but a missing field is an error naming `what`. */
  requireBytes(no: number, what: string): Uint8Array {
    const value = this.bytes(no);
    if (value === undefined) throw new ProtobufError(`missing ${what} (field ${no})`);
    return value;
  }

  /** Like `uint`, but a missing field is an error naming `what`. */
  requireUint(no: number, what: string): bigint {
    const value = this.uint(no);
    if (value === undefined) throw new ProtobufError(`missing ${what} (field ${no})`);
    return value;
  }
}

/** Writes fields in the order given, every value emitted (minprotobuf style). */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];

  uint(no: number, value: bigint | number): this {
    this.parts.push(encodeUvarint((no << 3) | WIRE_VARINT), encodeUvarint(value));
    return this;
  }

  bytes(no: number, value: Uint8Array): this {
    this.parts.push(encodeUvarint((no << 3) | WIRE_BYTES), encodeUvarint(value.length), value);
    return this;
  }

  finish(): Uint8Array {
    return concatBytes(this.parts);
  }
}

/** Concatenates byte arrays into one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
