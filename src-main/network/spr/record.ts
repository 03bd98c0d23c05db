// Signed peer records (SPRs) as Codex writes them: a libp2p envelope under the domain
// "libp2p-peer-record" with payload type 0x0301 holding a PeerRecord {1: peer id, 2: seq,
// 3: repeated {1: multiaddr}}. Text form: "spr:" + base64url without padding.
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { EnvelopeSignatureError, openEnvelope, sealEnvelope } from './envelope';
import { KeyError, compressedPublicKey, peerIdBytes, peerIdText } from './keys';
import { ProtoReader, ProtoWriter, ProtobufError } from './protobuf';

export const SPR_DOMAIN = 'libp2p-peer-record';
export const SPR_PAYLOAD_TYPE = Uint8Array.of(0x03, 0x01);
/** Upper bound on an SPR's encoded size; real ones are 150–250 bytes. */
export const MAX_SPR_BYTES = 2048;
/** Upper bound on addresses kept from one record. */
export const MAX_SPR_ADDRS = 32;

/** A decoded SPR whose signature and peer id have been checked. */
export interface SignedPeerRecord {
  readonly publicKey: Uint8Array; // 33-byte compressed secp256k1 key
  readonly peerId: Uint8Array; // identity multihash bytes
  readonly peerIdText: string; // base58btc, as libp2p prints it
  readonly seq: bigint;
  readonly addrs: readonly Multiaddr[];
  readonly bytes: Uint8Array; // the envelope exactly as signed; re-sent verbatim
}

export type SprErrorReason =
  'text' | 'size' | 'encoding' | 'key' | 'signature' | 'payload-type' | 'peer-id' | 'address';

/** Why an SPR was refused; `reason` is stable, `message` says what to fix. */
export class SprError extends Error {
  override readonly name = 'SprError';
  constructor(
    readonly reason: SprErrorReason,
    message: string,
  ) {
    super(message);
  }
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

function decodeAddrs(entries: Uint8Array[]): Multiaddr[] {
  const addrs: Multiaddr[] = [];
  for (const entry of entries.slice(0, MAX_SPR_ADDRS)) {
    try {
      const bytes = new ProtoReader(entry, 8).bytes(1);
      if (bytes === undefined || bytes.length === 0) continue;
      const ma = multiaddr(bytes);
      ma.toString(); // parsing is lazy in places; force full validation
      addrs.push(ma);
    } catch {
      // nim-libp2p also skips an address it cannot read; the record stays usable without it
      continue;
    }
  }
  if (entries.length > 0 && addrs.length === 0) throw new SprError('address', 'SPR has addresses but none is valid');
  return addrs;
}

/** Decodes and verifies SPR envelope bytes; throws `SprError` with the reason. */
export function decodeSpr(bytes: Uint8Array): SignedPeerRecord {
  if (bytes.length > MAX_SPR_BYTES)
    throw new SprError('size', `SPR is ${bytes.length} bytes; at most ${MAX_SPR_BYTES}`);
  try {
    const env = openEnvelope(bytes, SPR_DOMAIN);
    if (!equal(env.payloadType, SPR_PAYLOAD_TYPE)) throw new SprError('payload-type', 'envelope is not a peer record');
    const payload = new ProtoReader(env.payload, 256);
    const peerId = payload.requireBytes(1, 'peer id');
    const seq = payload.requireUint(2, 'sequence number');
    if (!equal(peerId, peerIdBytes(env.publicKey)))
      throw new SprError('peer-id', 'peer id in the record does not match the signing key');
    const addrs = decodeAddrs(payload.repeatedBytes(3));
    return { publicKey: env.publicKey, peerId, peerIdText: peerIdText(peerId), seq, addrs, bytes: bytes.slice() };
  } catch (e) {
    if (e instanceof SprError) throw e;
    if (e instanceof EnvelopeSignatureError) throw new SprError('signature', e.message);
    if (e instanceof KeyError) throw new SprError('key', e.message);
    if (e instanceof ProtobufError) throw new SprError('encoding', `SPR is not a valid envelope: ${e.message}`);
    throw e;
  }
}

/** Parses the `spr:` text form (base64url, padding tolerated) and verifies it. */
export function parseSpr(text: string): SignedPeerRecord {
  const trimmed = text.trim();
  if (!trimmed.startsWith('spr:')) throw new SprError('text', 'an SPR starts with "spr:"');
  const body = trimmed.slice(4).replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new SprError('text', 'SPR text is not base64url');
  if (body.length > Math.ceil((MAX_SPR_BYTES * 4) / 3))
    throw new SprError('size', `SPR text is longer than a ${MAX_SPR_BYTES}-byte record`);
  return decodeSpr(new Uint8Array(Buffer.from(body, 'base64url')));
}

/** The `spr:` text form of a record. */
export function sprText(record: Pick<SignedPeerRecord, 'bytes'>): string {
  return `spr:${Buffer.from(record.bytes).toString('base64url')}`;
}

/** Signs a new SPR for our own key, sequence number and addresses. */
export function encodeSpr(privateKey: Uint8Array, seq: bigint, addrs: readonly Multiaddr[]): SignedPeerRecord {
  if (addrs.length > MAX_SPR_ADDRS) throw new SprError('address', `at most ${MAX_SPR_ADDRS} addresses fit in an SPR`);
  const peerId = peerIdBytes(compressedPublicKey(privateKey));
  const payload = new ProtoWriter().bytes(1, peerId).uint(2, seq);
  for (const ma of addrs) payload.bytes(3, new ProtoWriter().bytes(1, ma.bytes).finish());
  const bytes = sealEnvelope(privateKey, SPR_DOMAIN, SPR_PAYLOAD_TYPE, payload.finish());
  if (bytes.length > MAX_SPR_BYTES) throw new SprError('size', `our SPR would be ${bytes.length} bytes`);
  return decodeSpr(bytes);
}
