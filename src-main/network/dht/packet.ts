// discv5 v5.1 packet framing as Codex uses it:
//   packet = masking-iv (16) ‖ masked header ‖ message
//   header = "discv5" ‖ version 0x0001 ‖ flag ‖ nonce (12) ‖ authdata size (2, BE) ‖ authdata
// The header is masked with AES-128-CTR under the destination node id; the message is AES-GCM
// with AAD = masking-iv ‖ unmasked header. Decoding only parses: it never decrypts.
import { randomBytes } from 'node:crypto';
import { concatBytes } from '../spr/protobuf';
import { GCM_TAG_SIZE, maskHeader } from './crypto';

export const IV_SIZE = 16;
export const NONCE_SIZE = 12;
export const ID_NONCE_SIZE = 16;
export const STATIC_HEADER_SIZE = 23;
const PROTOCOL_ID = new TextEncoder().encode('discv5');
const VERSION = 1;
/** The smallest valid packet, a WHOAREYOU: iv + static header + 24 bytes of authdata. */
export const MIN_PACKET_SIZE = IV_SIZE + STATIC_HEADER_SIZE + ID_NONCE_SIZE + 8;
/** Largest packet we accept or send. nim enforces none; 20 provider SPRs are about 4 KB. */
export const MAX_PACKET_SIZE = 16 * 1024;

export const FLAG = { message: 0, whoareyou: 1, handshake: 2 } as const;

/** A packet that cannot be what it claims; dropped by the transport. */
export class PacketError extends Error {
  override readonly name = 'PacketError';
}

interface Sealed {
  iv: Uint8Array;
  nonce: Uint8Array;
  header: Uint8Array; // unmasked static header ‖ authdata: with iv, the GCM AAD
  ciphertext: Uint8Array;
}
export interface MessagePacket extends Sealed {
  flag: 'message';
  srcId: Uint8Array;
}
export interface WhoareyouPacket {
  flag: 'whoareyou';
  nonce: Uint8Array; // echoes the nonce of the packet that could not be decrypted
  idNonce: Uint8Array;
  recordSeq: bigint;
  challengeData: Uint8Array; // iv ‖ header: the HKDF salt and part of the id-signature input
}
export interface HandshakePacket extends Sealed {
  flag: 'handshake';
  srcId: Uint8Array;
  signature: Uint8Array;
  ephKey: Uint8Array; // as sent: a libp2p protobuf public key for Codex
  record: Uint8Array | undefined; // the sender's SPR envelope, when included
}
export type Packet = MessagePacket | WhoareyouPacket | HandshakePacket;

function staticHeader(flag: number, nonce: Uint8Array, authSize: number): Uint8Array {
  const h = new Uint8Array(STATIC_HEADER_SIZE);
  h.set(PROTOCOL_ID, 0);
  h[6] = VERSION >> 8;
  h[7] = VERSION & 0xff;
  h[8] = flag;
  h.set(nonce, 9);
  h[21] = authSize >> 8;
  h[22] = authSize & 0xff;
  return h;
}

/** Frames a packet to `destId`; `seal` turns the AAD into the encrypted message (empty for WHOAREYOU). */
export function encodePacket(
  destId: Uint8Array,
  flag: number,
  nonce: Uint8Array,
  authdata: Uint8Array,
  seal: (aad: Uint8Array) => Uint8Array,
  iv: Uint8Array = randomBytes(IV_SIZE),
): { packet: Uint8Array; challengeData: Uint8Array } {
  if (authdata.length > 0xffff) throw new PacketError('authdata too large');
  const header = concatBytes([staticHeader(flag, nonce, authdata.length), authdata]);
  const aad = concatBytes([iv, header]);
  const packet = concatBytes([iv, maskHeader(destId, iv, header), seal(aad)]);
  if (packet.length > MAX_PACKET_SIZE) throw new PacketError(`packet of ${packet.length} bytes is too large`);
  return { packet, challengeData: aad };
}

export const messageAuthdata = (srcId: Uint8Array): Uint8Array => srcId;

export function whoareyouAuthdata(idNonce: Uint8Array, recordSeq: bigint): Uint8Array {
  const a = new Uint8Array(ID_NONCE_SIZE + 8);
  a.set(idNonce, 0);
  new DataView(a.buffer).setBigUint64(ID_NONCE_SIZE, BigInt.asUintN(64, recordSeq));
  return a;
}

export function handshakeAuthdata(
  srcId: Uint8Array,
  signature: Uint8Array,
  ephKey: Uint8Array,
  record?: Uint8Array,
): Uint8Array {
  if (signature.length > 255 || ephKey.length > 255) throw new PacketError('signature or key too long');
  return concatBytes([
    srcId,
    Uint8Array.of(signature.length, ephKey.length),
    signature,
    ephKey,
    record ?? new Uint8Array(0),
  ]);
}

/** Unmasks and parses a packet sent to `localId`; throws `PacketError` for anything malformed. */
export function decodePacket(localId: Uint8Array, input: Uint8Array): Packet {
  if (input.length < MIN_PACKET_SIZE) throw new PacketError(`packet of ${input.length} bytes is too short`);
  if (input.length > MAX_PACKET_SIZE) throw new PacketError(`packet of ${input.length} bytes is too large`);
  const iv = input.subarray(0, IV_SIZE);
  const fixed = maskHeader(localId, iv, input.subarray(IV_SIZE, IV_SIZE + STATIC_HEADER_SIZE));
  if (!PROTOCOL_ID.every((b, i) => fixed[i] === b)) throw new PacketError('not a discv5 packet (or not for us)');
  if (((fixed[6] ?? 0) << 8) + (fixed[7] ?? 0) !== VERSION) throw new PacketError('unsupported protocol version');
  const flag = fixed[8] ?? 255;
  const nonce = fixed.slice(9, 21);
  const authSize = ((fixed[21] ?? 0) << 8) + (fixed[22] ?? 0);
  const headerEnd = IV_SIZE + STATIC_HEADER_SIZE + authSize;
  if (headerEnd > input.length) throw new PacketError('authdata runs past the end of the packet');
  const header = maskHeader(localId, iv, input.subarray(IV_SIZE, headerEnd));
  const authdata = header.subarray(STATIC_HEADER_SIZE);
  const ciphertext = input.slice(headerEnd);
  const ivCopy = iv.slice();
  if (flag === FLAG.message) {
    if (authSize !== 32) throw new PacketError('message authdata must be a 32-byte node id');
    if (ciphertext.length < GCM_TAG_SIZE) throw new PacketError('message too short');
    return { flag: 'message', iv: ivCopy, nonce, header, ciphertext, srcId: authdata.slice() };
  }
  if (flag === FLAG.whoareyou) {
    if (authSize !== ID_NONCE_SIZE + 8) throw new PacketError('WHOAREYOU authdata must be 24 bytes');
    if (ciphertext.length !== 0) throw new PacketError('WHOAREYOU carries no message');
    const recordSeq = new DataView(authdata.buffer, authdata.byteOffset + ID_NONCE_SIZE, 8).getBigUint64(0);
    const idNonce = authdata.slice(0, ID_NONCE_SIZE);
    return { flag: 'whoareyou', nonce, idNonce, recordSeq, challengeData: concatBytes([ivCopy, header]) };
  }
  if (flag === FLAG.handshake) {
    if (authSize <= 34) throw new PacketError('handshake authdata too short');
    if (ciphertext.length < GCM_TAG_SIZE) throw new PacketError('handshake message too short');
    const sigSize = authdata[32] ?? 0;
    const keySize = authdata[33] ?? 0;
    if (34 + sigSize + keySize > authSize) throw new PacketError('handshake authdata shorter than its sizes say');
    const signature = authdata.slice(34, 34 + sigSize);
    const ephKey = authdata.slice(34 + sigSize, 34 + sigSize + keySize);
    const rest = authdata.slice(34 + sigSize + keySize);
    const record = rest.length > 0 ? rest : undefined;
    return {
      flag: 'handshake',
      iv: ivCopy,
      nonce,
      header,
      ciphertext,
      srcId: authdata.slice(0, 32),
      signature,
      ephKey,
      record,
    };
  }
  throw new PacketError(`unknown packet flag ${flag}`);
}
