// Byte-exact checks against nim-codex-dht's own test vectors (test/fixtures/network/codex-dht-vectors.json):
// message encodings, the crypto primitives, and packets produced by Codex that our codec must open.
import { describe, expect, it } from 'vitest';
import v from '../../../fixtures/network/codex-dht-vectors.json';
import { Codec } from '../../../../src-main/network/dht/codec';
import {
  createIdSignature,
  decryptGcm,
  deriveKeys,
  ecdh,
  encryptGcm,
  verifyIdSignature,
} from '../../../../src-main/network/dht/crypto';
import { MessageError, decodeMessage, encodeMessage, type Message } from '../../../../src-main/network/dht/messages';
import { nodeIdFromPeerId } from '../../../../src-main/network/dht/node-id';
import { compressedPublicKey, peerIdBytes } from '../../../../src-main/network/spr/keys';
import { encodeSpr, parseSpr } from '../../../../src-main/network/spr/record';
import { multiaddr } from '@multiformats/multiaddr';

const h = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const at = { ip: '127.0.0.1', port: 9001 };

describe('Codex DHT message encodings', () => {
  const byName = Object.fromEntries(v.messages.map((m) => [m.name, m]));
  const cases: [string, Message][] = [
    ['ping', { kind: 'ping', sprSeq: 1n }],
    ['pong', { kind: 'pong', sprSeq: 1n, ip: h('7f000001'), port: 5000 }],
    ['findNode', { kind: 'findNode', distances: [256] }],
    ['nodesEmpty', { kind: 'nodes', total: 1, sprs: [] }],
    [
      'talkReq',
      { kind: 'talkReq', protocol: new TextEncoder().encode('echo'), request: new TextEncoder().encode('hi') },
    ],
    ['talkResp', { kind: 'talkResp', response: new TextEncoder().encode('hi') }],
  ];
  it.each(cases)('encodes and decodes %s exactly as nim does', (name, message) => {
    const vector = byName[name]!;
    expect(hex(encodeMessage(h(vector.reqId), message))).toBe(vector.hex);
    expect(decodeMessage(h(vector.hex))).toEqual({ reqId: h(vector.reqId), message });
  });

  it('encodes a nodes message with two real SPRs byte for byte', () => {
    const sprs = v.nodesMultiple.sprs.map((s) => parseSpr(s).bytes);
    const encoded = encodeMessage(h(v.nodesMultiple.reqId), { kind: 'nodes', total: 1, sprs });
    expect(hex(encoded)).toBe(v.nodesMultiple.hex);
    const decoded = decodeMessage(encoded).message;
    expect(decoded.kind === 'nodes' && decoded.sprs.map(hex)).toEqual(sprs.map(hex));
  });

  it.each(v.badMessages.map((m) => [m.name, m.hex]))('refuses %s', (_name, bytes) => {
    expect(() => decodeMessage(h(bytes))).toThrow(MessageError);
  });
});

describe('Codex DHT crypto primitives', () => {
  it('ECDH gives the 33-byte compressed shared point', () => {
    expect(hex(ecdh(h(v.ecdh.secretKey), h(v.ecdh.publicKey)))).toBe(v.ecdh.sharedSecret);
  });

  it('derives the initiator and recipient keys', () => {
    const k = v.keyDerivation;
    const s = deriveKeys(h(k.nodeIdA), h(k.nodeIdB), h(k.ephemeralKey), h(k.destPubkey), h(k.challengeData));
    expect([hex(s.initiatorKey), hex(s.recipientKey)]).toEqual([k.initiatorKey, k.recipientKey]);
  });

  it('signs the id-nonce as Codex does (sha256 twice, RFC 6979) and verifies it', () => {
    const s = v.idSignature;
    const compact = createIdSignature(
      h(s.staticKey),
      h(s.challengeData),
      h(s.ephemeralPubkey),
      h(s.nodeIdB),
      'compact',
    );
    expect(hex(compact)).toBe(s.signatureCompact);
    const der = createIdSignature(h(s.staticKey), h(s.challengeData), h(s.ephemeralPubkey), h(s.nodeIdB));
    const pub = compressedPublicKey(h(s.staticKey));
    expect(verifyIdSignature(der, h(s.challengeData), h(s.ephemeralPubkey), h(s.nodeIdB), pub)).toBe(true);
    expect(verifyIdSignature(der, h(s.challengeData), h(s.ephemeralPubkey), h(v.keyDerivation.nodeIdA), pub)).toBe(
      false,
    );
  });

  it('AES-GCM matches the vector and refuses a flipped bit', () => {
    const g = v.gcm;
    const ct = encryptGcm(h(g.key), h(g.nonce), h(g.plaintext), h(g.aad));
    expect(hex(ct)).toBe(g.ciphertext);
    expect(hex(decryptGcm(h(g.key), h(g.nonce), ct, h(g.aad))!)).toBe(g.plaintext);
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(decryptGcm(h(g.key), h(g.nonce), ct, h(g.aad))).toBeUndefined();
  });
});

describe('packets written by Codex', () => {
  const keyA = h(v.packets.nodeAKey);
  const keyB = h(v.packets.nodeBKey);
  const idA = nodeIdFromPeerId(peerIdBytes(compressedPublicKey(keyA)));
  const idB = nodeIdFromPeerId(peerIdBytes(compressedPublicKey(keyB)));
  const recordB = encodeSpr(keyB, 1n, [multiaddr('/ip4/127.0.0.1/udp/9001')]);
  const codecB = () =>
    new Codec(
      { privateKey: keyB, nodeId: idB, record: () => recordB },
      { sessions: 8, challenges: 8, handshakeTimeoutMs: 1000 },
      () => 0,
    );

  it('opens an ordinary ping packet with the session key', () => {
    const codec = codecB();
    codec.sessions.store(idA, at, h(v.packets.pingMessage.readKey), h('00000000000000000000000000000001'));
    const got = codec.decode(at, h(v.packets.pingMessage.hex));
    expect(got).toMatchObject({
      type: 'message',
      srcId: idA,
      reqId: h('00000001'),
      message: { kind: 'ping', sprSeq: 2n },
    });
    expect(() => codec.decode(at, h(v.packets.pingMessage.hex))).toThrow(/nonce already seen/);
  });

  it('reads a WHOAREYOU with its challenge data', () => {
    const w = v.packets.whoareyou;
    const got = codecB().decode(at, h(w.hex));
    expect(got.type === 'whoareyou' && [hex(got.packet.nonce), hex(got.packet.idNonce), got.packet.recordSeq]).toEqual([
      w.requestNonce,
      w.idNonce,
      0n,
    ]);
    expect(got.type === 'whoareyou' && hex(got.packet.challengeData)).toBe(w.challengeData);
    expect(() => codecB().decode(at, h(w.hex + '00'))).toThrow(/carries no message/);
  });

  it('completes the handshake of a known node (id-signature, 37-byte protobuf ephemeral key, keys)', () => {
    const codec = codecB();
    const data = v.packets.handshake;
    codec.challenges.put(idA, at, {
      challengeData: h(data.challengeData),
      publicKey: compressedPublicKey(keyA),
      expiresAt: 1,
    });
    const got = codec.decode(at, h(data.hex));
    expect(got).toMatchObject({
      type: 'handshake',
      srcId: idA,
      record: undefined,
      message: { kind: 'ping', sprSeq: 1n },
    });
    expect(codec.sessions.writeKey(idA, at)).toBeDefined();
    expect(() => codec.decode(at, h(data.hex))).toThrow(/without an outstanding challenge/);
  });

  it('completes the handshake of an unknown node from the SPR it carries', () => {
    const codec = codecB();
    const data = v.packets.handshakeWithSpr;
    codec.challenges.put(idA, at, { challengeData: h(data.challengeData), publicKey: undefined, expiresAt: 1 });
    const got = codec.decode(at, h(data.hex));
    expect(got.type === 'handshake' && got.record?.seq).toBe(1n);
    expect(got.type === 'handshake' && got.record?.addrs.map(String)).toEqual(['/ip4/127.0.0.1/udp/9000']);
  });

  it('refuses the handshake when the challenge it answers differs', () => {
    const codec = codecB();
    const data = v.packets.handshake;
    const other = h(data.challengeData);
    other[other.length - 1] = 7;
    codec.challenges.put(idA, at, { challengeData: other, publicKey: compressedPublicKey(keyA), expiresAt: 1 });
    expect(() => codec.decode(at, h(data.hex))).toThrow(/id-signature/);
  });
});
