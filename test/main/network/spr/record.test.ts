// Signed peer records: Codex's real testnet records, tampering, and agreement with js-libp2p.
import { describe, expect, it } from 'vitest';
import { multiaddr } from '@multiformats/multiaddr';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { PeerRecord, RecordEnvelope } from '@libp2p/peer-record';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import testnet from '../../../fixtures/network/codex-testnet-sprs.json';
import { nodeIdFromPeerId } from '../../../../src-main/network/dht/node-id';
import { sealEnvelope } from '../../../../src-main/network/spr/envelope';
import { encodePublicKey, compressedPublicKey, peerIdBytes } from '../../../../src-main/network/spr/keys';
import { ProtoWriter } from '../../../../src-main/network/spr/protobuf';
import {
  SPR_DOMAIN,
  SPR_PAYLOAD_TYPE,
  SprError,
  decodeSpr,
  encodeSpr,
  parseSpr,
  sprText,
} from '../../../../src-main/network/spr/record';

const reason = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof SprError ? e.reason : `not an SprError: ${String(e)}`;
  }
  return 'accepted';
};

describe('Codex testnet SPRs', () => {
  it.each(testnet.records.map((r) => [r.peerId, r]))('decodes and verifies %s', (_id, r) => {
    const record = parseSpr(r.spr);
    expect(record.peerIdText).toBe(r.peerId);
    expect(record.seq).toBe(BigInt(r.seq));
    expect(record.addrs.map(String)).toEqual(r.addrs);
    expect(record.bytes.length).toBe(r.bytes);
    expect(Buffer.from(nodeIdFromPeerId(record.peerId)).toString('hex').startsWith(r.nodeIdPrefix)).toBe(true);
    expect(sprText(record)).toBe(r.spr);
  });

  it('opens with js-libp2p too, so both read the same envelope', async () => {
    const env = await RecordEnvelope.openAndCertify(parseSpr(testnet.records[0]!.spr).bytes, PeerRecord.DOMAIN);
    expect(env.publicKey.type).toBe('secp256k1');
  });
});

describe('a tampered or malformed SPR', () => {
  const original = parseSpr(testnet.records[0]!.spr).bytes;
  const flipped = (at: number) => {
    const b = original.slice();
    b[at] = (b[at] ?? 0) ^ 0x01;
    return b;
  };

  it('is refused whichever byte is changed, with the reason', () => {
    const reasons = new Set<string>();
    for (let at = 0; at < original.length; at++) reasons.add(reason(() => decodeSpr(flipped(at))));
    expect(reasons.has('accepted')).toBe(false);
    expect(reasons.has('signature')).toBe(true);
    expect(() => decodeSpr(flipped(original.length - 75))).toThrow(/signature does not match/);
  });

  it('is refused when truncated, padded with garbage, or not base64url', () => {
    expect(reason(() => decodeSpr(original.subarray(0, original.length - 10)))).toBe('encoding');
    expect(reason(() => decodeSpr(new Uint8Array([0xff, 0xff, 0xff])))).toBe('encoding');
    expect(reason(() => parseSpr('spr:***'))).toBe('text');
    expect(reason(() => parseSpr('enr:-abc'))).toBe('text');
    expect(reason(() => decodeSpr(new Uint8Array(4096)))).toBe('size');
  });

  it('is refused when the peer id is not the signing key’s', () => {
    const key = secp256k1.utils.randomSecretKey();
    const other = peerIdBytes(compressedPublicKey(secp256k1.utils.randomSecretKey()));
    const payload = new ProtoWriter().bytes(1, other).uint(2, 1).finish();
    expect(reason(() => decodeSpr(sealEnvelope(key, SPR_DOMAIN, SPR_PAYLOAD_TYPE, payload)))).toBe('peer-id');
  });

  it('is refused when it is another kind of envelope, or signed under another domain', () => {
    const key = secp256k1.utils.randomSecretKey();
    const payload = new ProtoWriter()
      .bytes(1, peerIdBytes(compressedPublicKey(key)))
      .uint(2, 1)
      .finish();
    expect(reason(() => decodeSpr(sealEnvelope(key, SPR_DOMAIN, Uint8Array.of(0x03, 0x02), payload)))).toBe(
      'payload-type',
    );
    expect(reason(() => decodeSpr(sealEnvelope(key, 'libp2p-other', SPR_PAYLOAD_TYPE, payload)))).toBe('signature');
  });

  it('is refused when its key is not secp256k1, as Codex accepts no other', () => {
    const ed25519Key = new ProtoWriter().uint(1, 1).bytes(2, new Uint8Array(32)).finish();
    const env = new ProtoWriter()
      .bytes(1, ed25519Key)
      .bytes(2, SPR_PAYLOAD_TYPE)
      .bytes(3, new Uint8Array(1))
      .bytes(5, new Uint8Array(8))
      .finish();
    expect(reason(() => decodeSpr(env))).toBe('key');
    expect(() => decodeSpr(env)).toThrow(/secp256k1/);
  });

  it('is refused when its seq is missing (nim requires it)', () => {
    const key = secp256k1.utils.randomSecretKey();
    const payload = new ProtoWriter().bytes(1, peerIdBytes(compressedPublicKey(key))).finish();
    expect(reason(() => decodeSpr(sealEnvelope(key, SPR_DOMAIN, SPR_PAYLOAD_TYPE, payload)))).toBe('encoding');
  });
});

describe('our own SPR', () => {
  it('round-trips through its text form with seq and addresses intact', () => {
    const key = secp256k1.utils.randomSecretKey();
    const addrs = [multiaddr('/ip4/1.2.3.4/tcp/8070'), multiaddr('/ip4/1.2.3.4/udp/8090')];
    const ours = encodeSpr(key, 1733000000n, addrs);
    const back = parseSpr(sprText(ours));
    expect([back.seq, back.addrs.map(String), back.peerIdText]).toEqual([
      1733000000n,
      addrs.map(String),
      ours.peerIdText,
    ]);
    expect(back.peerIdText.startsWith('16Uiu2HA')).toBe(true);
  });

  it('is accepted by js-libp2p, and a js-libp2p record is accepted by us', async () => {
    const libp2pKey = await generateKeyPair('secp256k1');
    const ours = encodeSpr(libp2pKey.raw, 7n, [multiaddr('/ip4/10.0.0.1/tcp/8070')]);
    const opened = await RecordEnvelope.openAndCertify(ours.bytes, PeerRecord.DOMAIN);
    const record = PeerRecord.createFromProtobuf(opened.payload);
    expect(record.peerId.toString()).toBe(peerIdFromPrivateKey(libp2pKey).toString());
    expect(record.seqNumber).toBe(7n);
    expect(record.multiaddrs.map(String)).toEqual(['/ip4/10.0.0.1/tcp/8070']);

    const theirs = await RecordEnvelope.seal(
      new PeerRecord({
        peerId: peerIdFromPrivateKey(libp2pKey),
        multiaddrs: [multiaddr('/ip4/10.0.0.2/tcp/1')],
        seqNumber: 9n,
      }),
      libp2pKey,
    );
    const decoded = decodeSpr(theirs.marshal());
    expect([decoded.peerIdText, decoded.seq, decoded.addrs.map(String)]).toEqual([
      peerIdFromPrivateKey(libp2pKey).toString(),
      9n,
      ['/ip4/10.0.0.2/tcp/1'],
    ]);
    expect(encodePublicKey(decoded.publicKey)).toEqual(libp2pKey.publicKey.toMultihash().digest);
  });
});
