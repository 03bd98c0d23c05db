// Codex DHT messages: kind (1 byte) ‖ protobuf {1: request id (≤ 8 bytes), 2: body}, each body a
// protobuf written with every field present (nim's decoders require them). Field layouts follow
// nim-codex-dht's messages_encoding.nim and providers_encoding.nim; SPRs stay raw bytes here and
// are verified by whoever uses them.
import { ProtoReader, ProtoWriter, ProtobufError } from '../spr/protobuf';

export const KIND = {
  ping: 0x01,
  pong: 0x02,
  findNode: 0x03,
  nodes: 0x04,
  talkReq: 0x05,
  talkResp: 0x06,
  addProvider: 0x0b,
  getProviders: 0x0c,
  providers: 0x0d,
  findNodeFast: 0x83,
} as const;
/** Topic messages (regTopic, ticket, regConfirmation, topicQuery): known, never answered. */
const IGNORED_KINDS = new Set([0x07, 0x08, 0x09, 0x0a]);
export const MAX_REQUEST_ID = 8;

export type Message =
  | { kind: 'ping'; sprSeq: bigint }
  | { kind: 'pong'; sprSeq: bigint; ip: Uint8Array; port: number }
  | { kind: 'findNode'; distances: number[] }
  | { kind: 'nodes'; total: number; sprs: Uint8Array[] }
  | { kind: 'talkReq'; protocol: Uint8Array; request: Uint8Array }
  | { kind: 'talkResp'; response: Uint8Array }
  | { kind: 'addProvider'; key: Uint8Array; provider: Uint8Array }
  | { kind: 'getProviders'; key: Uint8Array }
  | { kind: 'providers'; total: number; sprs: Uint8Array[] }
  | { kind: 'findNodeFast'; target: Uint8Array }
  | { kind: 'ignored'; code: number };

export type Envelope = { reqId: Uint8Array; message: Message };

/** A message that cannot be decoded; the packet carrying it is dropped. */
export class MessageError extends Error {
  override readonly name = 'MessageError';
}

function uint32(v: bigint, what: string): number {
  if (v > 0xffffffffn) throw new MessageError(`${what} out of range`);
  return Number(v);
}

function key32(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length !== 32) throw new MessageError(`${what} must be 32 bytes`);
  return bytes.slice();
}

function encodeBody(m: Message): Uint8Array {
  const w = new ProtoWriter();
  switch (m.kind) {
    case 'ping':
      return w.uint(1, m.sprSeq).finish();
    case 'pong': {
      const family = Uint8Array.of(m.ip.length === 4 ? 1 : 0); // nim's IpAddressFamily: IPv6 = 0, IPv4 = 1
      const ip = new ProtoWriter().bytes(1, family).bytes(2, m.ip).finish();
      return w
        .uint(1, m.sprSeq)
        .bytes(2, ip)
        .bytes(3, Uint8Array.of(m.port >> 8, m.port & 0xff))
        .finish();
    }
    case 'findNode':
      for (const d of m.distances) w.bytes(1, Uint8Array.of(d >> 8, d & 0xff));
      return w.finish();
    case 'nodes':
    case 'providers':
      w.uint(1, m.total);
      for (const s of m.sprs) w.bytes(2, s);
      return w.finish();
    case 'talkReq':
      return w.bytes(1, m.protocol).bytes(2, m.request).finish();
    case 'talkResp':
      return w.bytes(2, m.response).finish();
    case 'addProvider':
      return w.bytes(1, m.key).bytes(2, m.provider).finish();
    case 'getProviders':
      return w.bytes(1, m.key).finish();
    case 'findNodeFast':
      return w.bytes(1, m.target).finish();
    case 'ignored':
      throw new MessageError('topic messages are not sent');
  }
}

/** Encodes a message with its request id as the plaintext of a packet. */
export function encodeMessage(reqId: Uint8Array, m: Message): Uint8Array {
  if (reqId.length > MAX_REQUEST_ID) throw new MessageError('request id longer than 8 bytes');
  const body = new ProtoWriter().bytes(1, reqId).bytes(2, encodeBody(m)).finish();
  const out = new Uint8Array(1 + body.length);
  out[0] = KIND[m.kind as keyof typeof KIND];
  out.set(body, 1);
  return out;
}

function decodeBody(code: number, body: Uint8Array): Message {
  const r = new ProtoReader(body, 512);
  switch (code) {
    case KIND.ping:
      return { kind: 'ping', sprSeq: r.requireUint(1, 'sprSeq') };
    case KIND.pong: {
      const ip = new ProtoReader(r.requireBytes(2, 'ip'), 8);
      const family = ip.requireBytes(1, 'ip family');
      const addr = ip.requireBytes(2, 'ip address');
      if (family.length !== 1 || addr.length !== (family[0] === 1 ? 4 : 16)) throw new MessageError('bad pong address');
      const port = r.requireBytes(3, 'port');
      if (port.length !== 2) throw new MessageError('pong port must be 2 bytes');
      return {
        kind: 'pong',
        sprSeq: r.requireUint(1, 'sprSeq'),
        ip: addr.slice(),
        port: ((port[0] ?? 0) << 8) + (port[1] ?? 0),
      };
    }
    case KIND.findNode: {
      const raw = r.repeatedBytes(1);
      if (raw.length === 0) throw new MessageError('findNode without distances');
      if (raw.some((d) => d.length !== 2)) throw new MessageError('distances are 2 bytes each');
      return { kind: 'findNode', distances: raw.map((d) => ((d[0] ?? 0) << 8) + (d[1] ?? 0)) };
    }
    case KIND.nodes:
    case KIND.providers: {
      const total = uint32(r.requireUint(1, 'total'), 'total');
      const sprs = r.repeatedBytes(2).map((s) => s.slice());
      return code === KIND.nodes ? { kind: 'nodes', total, sprs } : { kind: 'providers', total, sprs };
    }
    case KIND.talkReq:
      return {
        kind: 'talkReq',
        protocol: r.requireBytes(1, 'protocol').slice(),
        request: r.requireBytes(2, 'request').slice(),
      };
    case KIND.talkResp:
      return { kind: 'talkResp', response: r.requireBytes(2, 'response').slice() };
    case KIND.addProvider:
      return {
        kind: 'addProvider',
        key: key32(r.requireBytes(1, 'key'), 'key'),
        provider: r.requireBytes(2, 'provider').slice(),
      };
    case KIND.getProviders:
      return { kind: 'getProviders', key: key32(r.requireBytes(1, 'key'), 'key') };
    case KIND.findNodeFast:
      return { kind: 'findNodeFast', target: key32(r.requireBytes(1, 'target'), 'target') };
    default:
      if (IGNORED_KINDS.has(code)) return { kind: 'ignored', code };
      throw new MessageError(`unknown message kind 0x${code.toString(16)}`);
  }
}

/** Decodes a packet plaintext; throws `MessageError` for anything nim would also refuse. */
export function decodeMessage(plaintext: Uint8Array): Envelope {
  if (plaintext.length < 1) throw new MessageError('empty message');
  try {
    const outer = new ProtoReader(plaintext.subarray(1), 16);
    const reqId = outer.requireBytes(1, 'request id');
    if (reqId.length > MAX_REQUEST_ID) throw new MessageError('request id longer than 8 bytes');
    const code = plaintext[0] ?? 0;
    const message = IGNORED_KINDS.has(code)
      ? ({ kind: 'ignored', code } as const)
      : decodeBody(code, outer.requireBytes(2, 'body'));
    return { reqId: reqId.slice(), message };
  } catch (e) {
    if (e instanceof ProtobufError) throw new MessageError(e.message);
    throw e;
  }
}
