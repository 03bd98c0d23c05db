// The protobuf wire format, only as far as Codex's messages use it: varint and length-delimited
// fields. Hand-written rather than generated so decoding is strict (wrong wire types, overruns and
// oversized varints are errors, never silent truncation) and encoding can write every field the way
// nim-libp2p's minprotobuf does, zeros included, so our bytes equal a Codex node's.
import { NetworkError } from '../errors';
import { readVarint, writeVarint } from './varint';

/** Wire types Codex's messages use; 1 and 5 (fixed) are skipped when they appear in unknown fields. */
export const VARINT = 0;
export const LENGTH_DELIMITED = 2;

/** Reads one message's fields in order. Every method throws NetworkError('invalid-protobuf'). */
export class ProtoReader {
  private pos: number;
  private readonly end: number;

  constructor(
    private readonly buf: Uint8Array,
    private readonly what: string,
  ) {
    this.pos = 0;
    this.end = buf.length;
  }

  private fail(detail: string): never {
    throw new NetworkError('invalid-protobuf', `${this.what}: ${detail}`);
  }

  private read(): number {
    // Most varints here (tags, lengths under 128, flags) are one byte: no allocation for those.
    const first = this.pos < this.end ? this.buf[this.pos]! : 0x80;
    if (first < 0x80) {
      this.pos++;
      return first;
    }
    const r = readVarint(this.buf, this.pos, this.end);
    if (r === undefined) this.fail('truncated varint');
    this.pos = r[1];
    return r[0];
  }

  // Unknown varint fields may hold any uint64, so they are stepped over without being valued.
  private skipVarint(): void {
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      if (this.buf[this.pos++]! < 0x80) return;
    }
    this.fail('varint longer than 10 bytes');
  }

  /** Calls `visit(field, wireType)` for each field; `visit` must consume the value with one of the readers. */
  each(visit: (field: number, wire: number) => void): void {
    while (this.pos < this.end) {
      const key = this.read();
      const field = Math.floor(key / 8);
      const wire = key % 8;
      if (field === 0) this.fail('field number 0');
      const before = this.pos;
      visit(field, wire);
      if (this.pos === before) this.skip(wire);
    }
  }

  /** The value of a varint field (wire type 0). */
  uint(wire: number, name: string): number {
    if (wire !== VARINT) this.fail(`${name} has wire type ${wire}, expected a varint`);
    return this.read();
  }

  /** A varint field read as a bool (any non-zero value is true, as minprotobuf reads it). */
  bool(wire: number, name: string): boolean {
    return this.uint(wire, name) !== 0;
  }

  /** The bytes of a length-delimited field, as a view into the message (no copy). */
  bytes(wire: number, name: string): Uint8Array {
    if (wire !== LENGTH_DELIMITED) this.fail(`${name} has wire type ${wire}, expected length-delimited`);
    const length = this.read();
    if (length > this.end - this.pos) this.fail(`${name} is ${length} bytes but only ${this.end - this.pos} remain`);
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  private skip(wire: number): void {
    if (wire === VARINT) this.skipVarint();
    else if (wire === LENGTH_DELIMITED) this.bytes(wire, 'unknown field');
    else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (n > this.end - this.pos) this.fail('truncated fixed-width field');
      this.pos += n;
    } else this.fail(`unsupported wire type ${wire}`);
  }
}

/** Bytes fields at least this long are kept by reference instead of copied (block data, mostly). */
const BY_REFERENCE = 1024;

/**
 * Builds one message. Fields are written in call order and always written, zeros included (as
 * minprotobuf does). Small fields go into a scratch buffer; large byte fields are referenced, not
 * copied, until `finish()` or `chunks()`.
 */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private buf = new Uint8Array(256);
  private start = 0;
  private at = 0;
  /** Bytes written so far. */
  length = 0;

  private flush(): void {
    if (this.at === this.start) return;
    this.parts.push(this.buf.subarray(this.start, this.at));
    this.start = this.at;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    this.flush();
    this.buf = new Uint8Array(Math.max(n, this.buf.length * 2));
    this.start = this.at = 0;
  }

  private varint(value: number): void {
    this.room(10);
    const end = writeVarint(this.buf, this.at, value);
    this.length += end - this.at;
    this.at = end;
  }

  private copy(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** A varint field. */
  uint(field: number, value: number): this {
    this.varint(field * 8 + VARINT);
    this.varint(value);
    return this;
  }

  /** A bool written as a varint 0 or 1. */
  bool(field: number, value: boolean): this {
    return this.uint(field, value ? 1 : 0);
  }

  /** A length-delimited field holding `value`. */
  bytes(field: number, value: Uint8Array): this {
    this.varint(field * 8 + LENGTH_DELIMITED);
    this.varint(value.length);
    if (value.length >= BY_REFERENCE) {
      this.flush();
      this.parts.push(value);
    } else this.copy(value);
    this.length += value.length;
    return this;
  }

  /** A length-delimited field holding the message `sub` built so far. */
  message(field: number, sub: ProtoWriter): this {
    this.varint(field * 8 + LENGTH_DELIMITED);
    this.varint(sub.length);
    if (sub.length < BY_REFERENCE) for (const chunk of sub.chunks()) this.copy(chunk);
    else {
      this.flush();
      for (const chunk of sub.chunks()) this.parts.push(chunk);
    }
    this.length += sub.length;
    return this;
  }

  /** The message as a list of byte chunks (large fields shared, not copied). */
  chunks(): Uint8Array[] {
    this.flush();
    return this.parts;
  }

  /** The message as one byte array. */
  finish(): Uint8Array {
    const parts = this.chunks();
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}
