// An independent protobuf implementation reads and writes our messages: protons (the project's
// protobuf code generator) compiles the block-exchange schema at test time into .cache/, and every
// message our encoder writes must decode the same there, and every (sparse, proto3-style) message
// protons writes must decode the same here. This checks our hand-written codec is plain protobuf;
// only a Codex node can check it is what Codex writes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../../src-main/network/blockexc/codec';
import type { BlockAddress, Message } from '../../../../src-main/network/blockexc/message';
import { blockCid, manifestCid, treeCid } from '../../../../src-main/network/ids/cid';

const root = join(import.meta.dirname, '../../../..');
const dir = join(root, '.cache/protons-crosscheck');
const schema = `syntax = "proto3";
enum WantType { WantBlock = 0; WantHave = 1; }
enum BlockPresenceType { Have = 0; DontHave = 1; }
message BlockAddress { bool leaf = 1; bytes treeCid = 2; uint64 index = 3; bytes cid = 4; }
message WantlistEntry { BlockAddress address = 1; int32 priority = 2; bool cancel = 3; WantType wantType = 4; bool sendDontHave = 5; }
message Wantlist { repeated WantlistEntry entries = 1; bool full = 2; }
message BlockDelivery { bytes cid = 1; optional bytes data = 2; BlockAddress address = 3; optional bytes proof = 4; }
message BlockPresence { BlockAddress address = 1; BlockPresenceType type = 2; bytes price = 3; }
message AccountMessage { bytes address = 1; }
message StateChannelUpdate { bytes update = 1; }
message Message { Wantlist wantlist = 1; repeated BlockDelivery payload = 3; repeated BlockPresence blockPresences = 4;
  uint64 pendingBytes = 5; AccountMessage account = 6; StateChannelUpdate payment = 7; }
`;

interface Generated {
  Message: { encode(m: unknown): Uint8Array; decode(b: Uint8Array): GenMessage };
}
interface GenAddress {
  leaf: boolean;
  treeCid: Uint8Array;
  index: bigint;
  cid: Uint8Array;
}
interface GenMessage {
  wantlist?: {
    entries: { address?: GenAddress; priority: number; cancel: boolean; wantType: string; sendDontHave: boolean }[];
    full: boolean;
  };
  payload: { cid: Uint8Array; data?: Uint8Array; address?: GenAddress; proof?: Uint8Array }[];
  blockPresences: { address?: GenAddress; type: string; price: Uint8Array }[];
}

let gen: Generated;
beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'blockexc.proto'), schema);
  execFileSync(join(root, 'node_modules/.bin/protons'), [join(dir, 'blockexc.proto')], { stdio: 'pipe' });
  gen = (await import(join(dir, 'blockexc.ts'))) as Generated;
}, 60_000);

const tree = treeCid(new Uint8Array(32).fill(3));
// protons-runtime 8.0.1 writes uint64 values in [2^31, 2^32) wrongly (it cannot read them back
// itself), so leaf indices skip that range; Codex's own indices stay far below it.
const index = fc.oneof(fc.nat({ max: 2 ** 31 - 1 }), fc.integer({ min: 2 ** 32, max: 2 ** 40 }));
const address = fc.oneof(
  fc.record({ leaf: fc.constant(true as const), treeCid: fc.constant(tree), index }),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b): BlockAddress => ({ leaf: false, cid: manifestCid(b) })),
);
const message: fc.Arbitrary<Message> = fc.record({
  wantlist: fc.record({
    entries: fc.array(
      fc.record({
        address,
        priority: fc.nat({ max: 2 ** 31 - 1 }),
        cancel: fc.boolean(),
        wantType: fc.constantFrom('block' as const, 'have' as const),
        sendDontHave: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    full: fc.boolean(),
  }),
  payload: fc.array(
    fc.record({
      cid: fc.uint8Array({ maxLength: 20 }).map((b) => blockCid(b)),
      data: fc.uint8Array({ maxLength: 2000 }),
      address,
      proof: fc.uint8Array({ minLength: 1, maxLength: 50 }),
    }),
    { maxLength: 3 },
  ),
  presences: fc.array(
    fc.record({
      address,
      type: fc.constantFrom('have' as const, 'dontHave' as const),
      price: fc.uint8Array({ maxLength: 32 }),
    }),
    { maxLength: 3 },
  ),
});

const fromGen = (a: GenAddress | undefined): BlockAddress =>
  a!.leaf ? { leaf: true, treeCid: a!.treeCid, index: Number(a!.index) } : { leaf: false, cid: a!.cid };
const bytes = (b: Uint8Array | undefined) => (b === undefined ? undefined : [...b]);
const plain = (a: BlockAddress) =>
  a.leaf ? { leaf: true, treeCid: [...a.treeCid], index: a.index } : { leaf: false, cid: [...a.cid] };

describe('the block-exchange codec against protons', () => {
  it('writes messages protons reads field for field', () => {
    fc.assert(
      fc.property(message, (m) => {
        const g = gen.Message.decode(encodeMessage(m));
        expect(g.wantlist!.full).toBe(m.wantlist!.full);
        expect(
          g.wantlist!.entries.map((e) => ({ ...e, address: plain(fromGen(e.address)), wantType: e.wantType })),
        ).toEqual(
          m.wantlist!.entries.map((e) => ({
            ...e,
            address: plain(e.address),
            wantType: e.wantType === 'block' ? 'WantBlock' : 'WantHave',
          })),
        );
        expect(
          g.payload.map((d) => [
            bytes(d.cid),
            bytes(d.data),
            plain(fromGen(d.address)),
            d.address!.leaf ? bytes(d.proof) : undefined,
          ]),
        ).toEqual(
          m.payload!.map((d) => [
            bytes(d.cid),
            bytes(d.data),
            plain(d.address),
            d.address.leaf ? bytes(d.proof) : undefined,
          ]),
        );
        expect(g.blockPresences.map((p) => [plain(fromGen(p.address)), p.type, bytes(p.price)])).toEqual(
          m.presences!.map((p) => [plain(p.address), p.type === 'have' ? 'Have' : 'DontHave', bytes(p.price)]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("reads protons' sparse encoding, zeros left out", () => {
    fc.assert(
      fc.property(message, (m) => {
        const toGen = (a: BlockAddress) =>
          a.leaf
            ? { leaf: true, treeCid: a.treeCid, index: BigInt(a.index), cid: new Uint8Array(0) }
            : { leaf: false, treeCid: new Uint8Array(0), index: 0n, cid: a.cid };
        const sparse = gen.Message.encode({
          wantlist: {
            full: m.wantlist!.full,
            entries: m.wantlist!.entries.map((e) => ({
              ...e,
              address: toGen(e.address),
              wantType: e.wantType === 'block' ? 'WantBlock' : 'WantHave',
            })),
          },
          payload: m.payload!.map((d) => ({ ...d, address: toGen(d.address) })),
          blockPresences: m.presences!.map((p) => ({
            ...p,
            address: toGen(p.address),
            type: p.type === 'have' ? 'Have' : 'DontHave',
          })),
          pendingBytes: 0n,
        });
        const ours = decodeMessage(sparse);
        expect(ours.wantlist.entries.map((e) => ({ ...e, address: plain(e.address) }))).toEqual(
          m.wantlist!.entries.map((e) => ({ ...e, address: plain(e.address) })),
        );
        expect(ours.payload.map((d) => [bytes(d.cid), bytes(d.data), plain(d.address)])).toEqual(
          m.payload!.map((d) => [bytes(d.cid), bytes(d.data), plain(d.address)]),
        );
        expect(ours.presences.map((p) => [plain(p.address), p.type, bytes(p.price)])).toEqual(
          m.presences!.map((p) => [plain(p.address), p.type, bytes(p.price)]),
        );
      }),
      { numRuns: 200 },
    );
  });
});
