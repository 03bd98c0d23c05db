// Packet framing: every malformed datagram is a PacketError, never anything else.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import {
  FLAG,
  MAX_PACKET_SIZE,
  PacketError,
  decodePacket,
  encodePacket,
  handshakeAuthdata,
  whoareyouAuthdata,
} from '../../../../src-main/network/dht/packet';
import { MessageError, decodeMessage } from '../../../../src-main/network/dht/messages';

const dest = randomBytes(32);
const nonce = randomBytes(12);

describe('packets', () => {
  it('round-trip each kind through masking', () => {
    const msg = encodePacket(dest, FLAG.message, nonce, randomBytes(32), () => randomBytes(20)).packet;
    expect(decodePacket(dest, msg).flag).toBe('message');
    const way = encodePacket(
      dest,
      FLAG.whoareyou,
      nonce,
      whoareyouAuthdata(randomBytes(16), 7n),
      () => new Uint8Array(0),
    );
    const w = decodePacket(dest, way.packet);
    expect(w.flag === 'whoareyou' && [w.recordSeq, Buffer.from(w.challengeData).equals(way.challengeData)]).toEqual([
      7n,
      true,
    ]);
    const hs = encodePacket(
      dest,
      FLAG.handshake,
      nonce,
      handshakeAuthdata(randomBytes(32), randomBytes(70), randomBytes(37), randomBytes(150)),
      () => randomBytes(30),
    ).packet;
    const h = decodePacket(dest, hs);
    expect(h.flag === 'handshake' && [h.signature.length, h.ephKey.length, h.record?.length]).toEqual([70, 37, 150]);
  });

  it('are unreadable for anyone but their destination', () => {
    const msg = encodePacket(dest, FLAG.message, nonce, randomBytes(32), () => randomBytes(20)).packet;
    expect(() => decodePacket(randomBytes(32), msg)).toThrow(/not a discv5 packet/);
  });

  it('refuse wrong sizes of every part', () => {
    const bad = [
      encodePacket(dest, FLAG.message, nonce, randomBytes(31), () => randomBytes(20)).packet,
      encodePacket(dest, FLAG.message, nonce, randomBytes(32), () => randomBytes(5)).packet,
      encodePacket(dest, FLAG.whoareyou, nonce, randomBytes(23), () => new Uint8Array(0)).packet,
      encodePacket(dest, FLAG.whoareyou, nonce, randomBytes(24), () => randomBytes(1)).packet,
      encodePacket(dest, FLAG.handshake, nonce, Uint8Array.of(...randomBytes(32), 200, 200, 1, 2, 3), () =>
        randomBytes(20),
      ).packet,
      encodePacket(dest, 3, nonce, randomBytes(32), () => randomBytes(20)).packet,
      new Uint8Array(MAX_PACKET_SIZE + 1),
    ];
    for (const p of bad) expect(() => decodePacket(dest, p)).toThrow(PacketError);
  });

  it('turn any random datagram into a PacketError, and any random plaintext into a MessageError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodePacket(dest, bytes);
        } catch (e) {
          return e instanceof PacketError;
        }
        return true;
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        try {
          decodeMessage(bytes);
        } catch (e) {
          return e instanceof MessageError;
        }
        return true;
      }),
    );
  });
});
