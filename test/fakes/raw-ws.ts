// A WebSocket client written against raw TCP, so tests can send what no WebSocket library would:
// malformed frames, unanswered pings, a reader that never reads.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** Fields of one frame; the defaults make a well-formed masked text frame. */
export interface FrameSpec {
  fin?: boolean;
  /** The three reserved bits, as a number 0–7 (RSV1 is 4). */
  rsv?: number;
  opcode?: number;
  payload?: Buffer | string;
  mask?: boolean;
  /** Writes this length in the header instead of the payload's (as a 64-bit length). */
  declaredLength?: bigint;
}

/** Encodes one frame exactly as specified, right or wrong. */
export function frame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload) : (spec.payload ?? Buffer.alloc(0));
  const mask = spec.mask ?? true;
  const first = ((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode ?? 1);
  let header: Buffer;
  const maskBit = mask ? 0x80 : 0;
  if (spec.declaredLength !== undefined) {
    header = Buffer.alloc(10);
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(spec.declaredLength, 2);
  } else if (payload.length < 126) {
    header = Buffer.from([0, maskBit | payload.length]);
  } else if (payload.length < 65536) {
    header = Buffer.alloc(4);
    header[1] = maskBit | 126;
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  header[0] = first;
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
  return Buffer.concat([header, key, masked]);
}

/** A close frame's payload: a code and an optional reason. */
export function closePayload(code: number, reason: Buffer | string = ''): Buffer {
  const body = Buffer.alloc(2);
  body.writeUInt16BE(code, 0);
  return Buffer.concat([body, typeof reason === 'string' ? Buffer.from(reason) : reason]);
}

/** A frame the server sent. */
export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** An upgraded raw connection. */
export interface RawWs {
  socket: Socket;
  /** Frames received so far (only while reading). */
  frames: ServerFrame[];
  /** Resolves when the TCP connection ends, with the close code the server sent, if any. */
  closed: Promise<number | undefined>;
}

function parseFrames(buffer: Buffer): { frames: ServerFrame[]; rest: Buffer } {
  const frames: ServerFrame[] = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const opcode = buffer[offset]! & 0x0f;
    let length = buffer[offset + 1]! & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (buffer.length < at + 2) break;
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (buffer.length < at + 8) break;
      length = Number(buffer.readBigUInt64BE(at));
      at += 8;
    }
    if (buffer.length < at + length) break;
    frames.push({ opcode, payload: buffer.subarray(at, at + length) });
    offset = at + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

/** Performs the upgrade handshake on a fresh TCP connection; `read: false` never reads after it. */
export function openRawWs(
  port: number,
  headers: Record<string, string>,
  options: { read?: boolean } = {},
): Promise<RawWs> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const frames: ServerFrame[] = [];
    let closeCode: number | undefined;
    let pending: Buffer = Buffer.alloc(0);
    let upgraded = false;
    socket.on('error', () => {
      // The server may reset a connection it refuses; the 'close' below reports the end.
    });
    const closed = new Promise<number | undefined>((done) => socket.once('close', () => done(closeCode)));
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!upgraded) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end).toString('latin1');
        pending = pending.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          return;
        }
        upgraded = true;
        if (options.read === false) socket.pause();
        resolve({ socket, frames, closed });
      }
      const parsed = parseFrames(pending);
      pending = parsed.rest;
      for (const f of parsed.frames) {
        frames.push(f);
        if (f.opcode === 8) {
          if (f.payload.length >= 2) closeCode = f.payload.readUInt16BE(0);
          // Complete the closing handshake as RFC 6455 §5.5.1 asks.
          socket.end(frame({ opcode: 8, payload: f.payload.subarray(0, 2) }));
        }
      }
    });
    socket.once('connect', () => {
      const lines = [
        'GET /ws HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(lines.join('\r\n') + '\r\n\r\n');
    });
    socket.once('close', () => {
      if (!upgraded) reject(new Error('connection closed before the upgrade'));
    });
  });
}
