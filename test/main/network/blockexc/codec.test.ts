import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, ZERO_PRICE } from '../../../../src-main/network/blockexc/codec';
import { NetworkError } from '../../../../src-main/network/errors';
import { buildCid, EMPTY_BLOCK_CID, hex, manifestCid, treeCid } from '../../../../src-main/network/ids/cid';
import { encodeProof } from '../../../../src-main/network/tree/proof-codec';
import { ShaTree } from '../../../../src-main/network/tree/sha-tree';
import { encodeVarint } from '../../../../src-main/network/wire/varint';

// Hand-written minprotobuf-style fixtures: every field present, in field order, as nim writes them.
const h = (n: number) => hex(encodeVarint(n));
const ld = (field: number, body: string) => h(field * 8 + 2) + h(body.length / 2) + body;
const vi = (field: number, v: number) => h(field * 8) + h(v);
const bytesOf = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const tree = treeCid(
  Uint8Array.from(Buffer.from('050b50fa8145c235e1b817326d34f733420298a9aa511f13622dd81264e8d4df', 'hex')),
);
const tail = vi(5, 0) + ld(6, ld(1, '')) + ld(7, ld(1, ''));
const leafAddress = (index: number) => vi(1, 1) + ld(2, hex(tree)) + vi(3, index);

describe('block-exchange messages against nim-style bytes', () => {
  it("read the spec's WantHave example and write it back byte for byte", () => {
    const nim = bytesOf(
      `0a3a0a360a2c0801122601839a031220050b50fa8145c235e1b817326d34f733420298a9aa511f13622dd81264e8d4df180010001800200128001001${tail}`,
    );
    expect(nim).toHaveLength(70);
    const m = decodeMessage(nim);
    expect(m.wantlist).toEqual({
      full: true,
      entries: [
        {
          address: { leaf: true, treeCid: tree, index: 0 },
          priority: 0,
          cancel: false,
          wantType: 'have',
          sendDontHave: false,
        },
      ],
    });
    expect(hex(encodeMessage(m))).toBe(hex(nim));
  });

  it('read a Have presence with its 32-byte zero price', () => {
    const presence = ld(1, leafAddress(3)) + vi(2, 0) + ld(3, '00'.repeat(32));
    const nim = bytesOf(ld(1, vi(2, 0)) + ld(4, presence) + tail);
    const m = decodeMessage(nim);
    expect(m.presences).toEqual([
      { address: { leaf: true, treeCid: tree, index: 3 }, type: 'have', price: ZERO_PRICE },
    ]);
    expect(hex(encodeMessage({ presences: m.presences }))).toBe(hex(nim));
  });

  it('read a 0-byte delivery of an empty pad block with its proof', () => {
    const proof = encodeProof(ShaTree.build([new Uint8Array(32), new Uint8Array(32)]).proof(1));
    const delivery = ld(1, hex(EMPTY_BLOCK_CID)) + ld(2, '') + ld(3, leafAddress(1)) + ld(4, hex(proof));
    const nim = bytesOf(ld(1, vi(2, 0)) + ld(3, delivery) + tail);
    const [d] = decodeMessage(nim).payload;
    expect(d).toEqual({
      cid: EMPTY_BLOCK_CID,
      data: new Uint8Array(0),
      address: { leaf: true, treeCid: tree, index: 1 },
      proof,
    });
    expect(hex(encodeMessage({ payload: [d!] }))).toBe(hex(nim));
  });

  it('read a non-leaf want for a manifest and a WantBlock list with cancels', () => {
    const manifest = manifestCid(Uint8Array.of(1, 2, 3));
    const entry = (addr: string, type: number, cancel: number) =>
      ld(1, ld(1, addr) + vi(2, 0) + vi(3, cancel) + vi(4, type) + vi(5, 1));
    const nim = bytesOf(
      ld(1, entry(vi(1, 0) + ld(4, hex(manifest)), 1, 0) + entry(leafAddress(7), 0, 1) + vi(2, 0)) + tail,
    );
    const entries = decodeMessage(nim).wantlist.entries;
    expect(entries.map((e) => [e.address.leaf, e.wantType, e.cancel, e.sendDontHave])).toEqual([
      [false, 'have', false, true],
      [true, 'block', true, true],
    ]);
    expect(entries[0]!.address).toEqual({ leaf: false, cid: manifest });
    expect(hex(encodeMessage({ wantlist: { entries, full: false } }))).toBe(hex(nim));
  });

  it('read the sparse encoding a proto3 library writes (zeros omitted)', () => {
    const sparse = bytesOf(ld(1, ld(1, ld(1, vi(1, 1) + ld(2, hex(tree))) + vi(4, 1))));
    expect(decodeMessage(sparse).wantlist.entries[0]).toMatchObject({
      address: { index: 0 },
      wantType: 'have',
      priority: 0,
    });
  });
});

describe('block-exchange guards', () => {
  const raw = buildCid(0x55, 0x12, new Uint8Array(32));
  const want = { priority: 0, cancel: false, wantType: 'have' as const, sendDontHave: false };

  it('never send what crashes or confuses a Codex node', () => {
    expect(() =>
      encodeMessage({ wantlist: { full: false, entries: [{ ...want, address: { leaf: false, cid: raw } }] } }),
    ).toThrow(/not a Codex codec/);
    expect(() =>
      encodeMessage({
        wantlist: {
          full: false,
          entries: [{ ...want, priority: -1, address: { leaf: true, treeCid: tree, index: 0 } }],
        },
      }),
    ).toThrow(/priority -1/);
    expect(() =>
      encodeMessage({
        payload: [
          { cid: EMPTY_BLOCK_CID, data: undefined, proof: undefined, address: { leaf: false, cid: EMPTY_BLOCK_CID } },
        ],
      }),
    ).toThrow(/must carry its data field/);
  });

  it('refuse messages nim would choke on, as typed errors', () => {
    const entry = (extra: string, address = leafAddress(0)) => bytesOf(ld(1, ld(1, ld(1, address) + extra)));
    const cases: [Uint8Array, RegExp][] = [
      [entry(vi(4, 2)), /wantType 2/],
      [entry(h(16) + 'ffffffffffffffffff01'), /above 2\^53|int32/],
      [entry(vi(2, 2 ** 31)), /does not fit an int32/],
      [entry('', vi(1, 0) + ld(4, hex(raw))), /not a Codex codec/],
      [entry('', vi(1, 1) + vi(3, 4)), /no treeCid/],
      [bytesOf(ld(4, ld(1, leafAddress(0)) + vi(2, 5))), /presence type 5/],
      [bytesOf(ld(3, ld(2, '00'))), /delivery has no cid/],
      [bytesOf(ld(3, ld(1, hex(EMPTY_BLOCK_CID)))), /delivery has no address/],
      [bytesOf(ld(1, ld(1, ld(1, leafAddress(0))))).subarray(0, 30), /remain/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => decodeMessage(bytes)).toThrow(NetworkError);
      expect(() => decodeMessage(bytes), String(message)).toThrow(message);
    }
  });

  it('keep a delivery without its data field visible as such', () => {
    const nim = bytesOf(ld(3, ld(1, hex(EMPTY_BLOCK_CID)) + ld(3, vi(1, 0) + ld(4, hex(EMPTY_BLOCK_CID)))));
    expect(decodeMessage(nim).payload[0]!.data).toBeUndefined();
  });

  it('never throw anything but a typed error on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeMessage(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(NetworkError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
