// Frames on a block-exchange stream: uvarint(length) ‖ protobuf Message, one after another (nim's
// writeLp/readLp). The decoder is fed whatever the muxer hands over and returns whole frames; a
// length above the limit is refused before its bytes arrive, so a peer cannot make us buffer it.
import { Uint8ArrayList } from 'uint8arraylist';
import { NetworkError } from '../errors';
import { encodeVarint, readVarint } from '../wire/varint';

/** Splits a byte stream into length-prefixed frames. */
export class FrameDecoder {
  private readonly buffer = new Uint8ArrayList();
  private length = -1;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes held for a frame not yet complete. */
  get buffered(): number {
    return this.buffer.byteLength;
  }

  /** Adds bytes; returns every frame they complete. Throws NetworkError('message-too-large' | 'invalid-message'). */
  push(chunk: Uint8Array | Uint8ArrayList): Uint8Array[] {
    this.buffer.append(chunk);
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.length < 0) {
        const head = this.buffer.subarray(0, Math.min(10, this.buffer.byteLength));
        let r: [number, number] | undefined;
        try {
          r = readVarint(head, 0);
        } catch {
          throw new NetworkError('invalid-message', 'frame length is not a valid varint');
        }
        if (r === undefined) return frames;
        if (r[0] > this.maxFrameBytes)
          throw new NetworkError(
            'message-too-large',
            `frame of ${r[0]} bytes exceeds the ${this.maxFrameBytes}-byte limit`,
          );
        this.length = r[0];
        this.buffer.consume(r[1]);
      }
      if (this.buffer.byteLength < this.length) return frames;
      frames.push(this.buffer.subarray(0, this.length));
      this.buffer.consume(this.length);
      this.length = -1;
    }
  }
}

/** A message's chunks with its length prefix in front, ready to send. */
export function frameChunks(chunks: readonly Uint8Array[], length: number): Uint8ArrayList {
  return new Uint8ArrayList(encodeVarint(length), ...chunks);
}
