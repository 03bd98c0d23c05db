// The packet layer with its state: sessions, outstanding challenges, and the handshake as Codex
// performs it. No sockets here: bytes and endpoints in, bytes or decoded events out, so every
// rule can be tested directly. Anything malformed, unsolicited or forged throws a `DropError`
// (or a packet/message error) and changes no state.
import { randomBytes } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { KeyError, compressedPublicKey, decodePublicKey, encodePublicKey } from '../spr/keys';
import { SprError, decodeSpr, type SignedPeerRecord } from '../spr/record';
import { createIdSignature, decryptGcm, deriveKeys, encryptGcm, verifyIdSignature } from './crypto';
import { decodeMessage, type Envelope } from './messages';
import { nodeIdFromPeerId, sameId, type NodeId } from './node-id';
import {
  FLAG,
  ID_NONCE_SIZE,
  NONCE_SIZE,
  decodePacket,
  encodePacket,
  handshakeAuthdata,
  messageAuthdata,
  whoareyouAuthdata,
  type HandshakePacket,
  type WhoareyouPacket,
} from './packet';
import { ChallengeStore, SessionCache, type Endpoint } from './sessions';

/** Why an inbound packet was dropped: stable `reason`, readable message. */
export class DropError extends Error {
  override readonly name = 'DropError';
  constructor(
    readonly reason:
      'no-challenge' | 'bad-handshake' | 'bad-signature' | 'replay' | 'undecryptable-handshake' | 'over-budget',
    message: string,
  ) {
    super(message);
  }
}

/** Our side of the handshake: key, id and the DHT record we hand out. */
export interface LocalNode {
  readonly privateKey: Uint8Array;
  readonly nodeId: NodeId;
  record(): SignedPeerRecord;
}

export type Inbound =
  | ({ type: 'message'; srcId: NodeId } & Envelope)
  | { type: 'undecryptable'; srcId: NodeId; nonce: Uint8Array }
  | { type: 'whoareyou'; packet: WhoareyouPacket }
  | ({ type: 'handshake'; srcId: NodeId; record: SignedPeerRecord | undefined } & Envelope);

export interface CodecLimits {
  sessions: number;
  challenges: number;
  handshakeTimeoutMs: number;
}

export class Codec {
  readonly sessions: SessionCache;
  readonly challenges: ChallengeStore;

  constructor(
    private readonly local: LocalNode,
    private readonly limits: CodecLimits,
    private readonly now: () => number,
  ) {
    this.sessions = new SessionCache(limits.sessions);
    this.challenges = new ChallengeStore(limits.challenges, now);
  }

  /** An ordinary message packet: encrypted if we have a session, else random bytes to provoke WHOAREYOU. */
  encodeMessage(
    toId: NodeId,
    at: Endpoint,
    plaintext: Uint8Array,
  ): { packet: Uint8Array; nonce: Uint8Array; hadSession: boolean } {
    const nonce = randomBytes(NONCE_SIZE);
    const key = this.sessions.writeKey(toId, at);
    const body = (aad: Uint8Array) => (key === undefined ? randomBytes(20) : encryptGcm(key, nonce, plaintext, aad));
    const { packet } = encodePacket(toId, FLAG.message, nonce, messageAuthdata(this.local.nodeId), body);
    return { packet, nonce, hadSession: key !== undefined };
  }

  /**
   * A WHOAREYOU answering `requestNonce`. It replaces a challenge still outstanding for the same
   * peer: nim drops the packet instead, but then a peer whose first handshake was late can only
   * retry after the old challenge expires, which under load loses every retry in a row.
   */
  encodeWhoareyou(
    toId: NodeId,
    at: Endpoint,
    requestNonce: Uint8Array,
    recordSeq: bigint,
    publicKey?: Uint8Array,
  ): Uint8Array {
    const authdata = whoareyouAuthdata(randomBytes(ID_NONCE_SIZE), recordSeq);
    const { packet, challengeData } = encodePacket(
      toId,
      FLAG.whoareyou,
      requestNonce,
      authdata,
      () => new Uint8Array(0),
    );
    this.challenges.put(toId, at, { challengeData, publicKey, expiresAt: this.now() + this.limits.handshakeTimeoutMs });
    return packet;
  }

  /** The handshake packet answering a WHOAREYOU, carrying `plaintext`; stores the new session. */
  encodeHandshake(
    toId: NodeId,
    at: Endpoint,
    plaintext: Uint8Array,
    challenge: WhoareyouPacket,
    destKey: Uint8Array,
  ): Uint8Array {
    const ephSecret = secp256k1.utils.randomSecretKey();
    const ephKey = encodePublicKey(compressedPublicKey(ephSecret));
    const signature = createIdSignature(this.local.privateKey, challenge.challengeData, ephKey, toId);
    const record = this.local.record();
    const spr = challenge.recordSeq < record.seq ? record.bytes : undefined;
    const secrets = deriveKeys(this.local.nodeId, toId, ephSecret, destKey, challenge.challengeData);
    const nonce = randomBytes(NONCE_SIZE);
    const authdata = handshakeAuthdata(this.local.nodeId, signature, ephKey, spr);
    const { packet } = encodePacket(toId, FLAG.handshake, nonce, authdata, (aad) =>
      encryptGcm(secrets.initiatorKey, nonce, plaintext, aad),
    );
    this.sessions.store(toId, at, secrets.recipientKey, secrets.initiatorKey);
    return packet;
  }

  /**
   * Parses, authenticates and decrypts one datagram from `from`. A handshake costs several
   * elliptic-curve operations, so it is checked only when `mayVerify()` grants the sender one.
   */
  decode(from: Endpoint, bytes: Uint8Array, mayVerify: () => boolean = () => true): Inbound {
    const p = decodePacket(this.local.nodeId, bytes);
    if (p.flag === 'whoareyou') return { type: 'whoareyou', packet: p };
    if (p.flag === 'handshake') {
      if (!this.challenges.get(p.srcId, from))
        throw new DropError('no-challenge', 'handshake without an outstanding challenge');
      if (!mayVerify()) throw new DropError('over-budget', 'too many handshakes from this endpoint');
      return this.openHandshake(from, p);
    }
    const aad = new Uint8Array(p.iv.length + p.header.length);
    aad.set(p.iv);
    aad.set(p.header, p.iv.length);
    for (const key of this.sessions.readKeys(p.srcId, from)) {
      const plaintext = decryptGcm(key, p.nonce, p.ciphertext, aad);
      if (plaintext === undefined) continue;
      this.sessions.prefer(p.srcId, from, key);
      if (!this.sessions.acceptNonce(p.srcId, from, p.nonce))
        throw new DropError('replay', 'packet nonce already seen');
      return { type: 'message', srcId: p.srcId, ...decodeMessage(plaintext) };
    }
    return { type: 'undecryptable', srcId: p.srcId, nonce: p.nonce };
  }

  private openHandshake(from: Endpoint, p: HandshakePacket): Inbound {
    // the challenge is spent only by a handshake that verifies: a stale or forged one cannot burn it
    const challenge = this.challenges.get(p.srcId, from);
    if (challenge === undefined) throw new DropError('no-challenge', 'handshake without an outstanding challenge');
    let ephKey: Uint8Array;
    let record: SignedPeerRecord | undefined;
    try {
      ephKey = decodePublicKey(p.ephKey);
      record = p.record === undefined ? undefined : decodeSpr(p.record);
    } catch (e) {
      if (e instanceof KeyError || e instanceof SprError) throw new DropError('bad-handshake', e.message);
      throw e;
    }
    if (record !== undefined && !sameId(nodeIdFromPeerId(record.peerId), p.srcId))
      throw new DropError('bad-handshake', 'SPR in handshake belongs to another node');
    const publicKey = record?.publicKey ?? challenge.publicKey;
    if (publicKey === undefined) throw new DropError('bad-handshake', 'handshake from an unknown node without its SPR');
    if (!verifyIdSignature(p.signature, challenge.challengeData, p.ephKey, this.local.nodeId, publicKey))
      throw new DropError('bad-signature', 'handshake id-signature does not verify');
    const secrets = deriveKeys(p.srcId, this.local.nodeId, this.local.privateKey, ephKey, challenge.challengeData);
    const aad = new Uint8Array(p.iv.length + p.header.length);
    aad.set(p.iv);
    aad.set(p.header, p.iv.length);
    const plaintext = decryptGcm(secrets.initiatorKey, p.nonce, p.ciphertext, aad);
    if (plaintext === undefined) throw new DropError('undecryptable-handshake', 'handshake message does not decrypt');
    const envelope = decodeMessage(plaintext);
    this.challenges.delete(p.srcId, from);
    this.sessions.store(p.srcId, from, secrets.initiatorKey, secrets.recipientKey);
    this.sessions.acceptNonce(p.srcId, from, p.nonce);
    return { type: 'handshake', srcId: p.srcId, record, ...envelope };
  }
}
