import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../../../src-main/network/errors';
import { buildCid, cidToString, hex, treeCid } from '../../../../src-main/network/ids/cid';
import { decodeManifest, encodeManifest, manifestBlock } from '../../../../src-main/network/manifest/manifest';
import { checkAsk, checkManifest, slotBlockIndices } from '../../../../src-main/network/manifest/validate';
import { ProtoWriter } from '../../../../src-main/network/wire/protobuf';
import { fieldLE, verifiableManifest } from '../helpers/manifests';

const uploadRoot = Uint8Array.from(
  Buffer.from('050b50fa8145c235e1b817326d34f733420298a9aa511f13622dd81264e8d4df', 'hex'),
);

describe('manifest bytes', () => {
  it("encode the 18-byte upload's manifest as nim's coder writes it", () => {
    const block = manifestBlock({
      treeCid: treeCid(uploadRoot),
      blockSize: 65_536,
      datasetSize: 18,
      codec: 0xcd02,
      hcodec: 0x12,
      version: 1,
    });
    expect(hex(block.bytes)).toBe(`0a360a26${hex(treeCid(uploadRoot))}10808004181220829a0328123001`);
    // Derived from the coder, not confirmed by a Codex node (none is available here).
    expect(cidToString(block.cid)).toBe('zDvZRwzmC3Q7e7NLkfsPmtgSCfectUc1ssn5xK2rzC9yRz1yeZuK');
  });

  it('round-trip a verifiable manifest with ErasureInfo field 5 and zero-valued fields', () => {
    const m = verifiableManifest();
    const bytes = encodeManifest(m);
    // verifiableStrategy 0 is written as `20 00`, as minprotobuf writes every field.
    expect(hex(bytes).endsWith('1880102000')).toBe(true);
    expect(decodeManifest(bytes)).toEqual(m);
    expect(decodeManifest(encodeManifest({ ...m, filename: 'a.bin', mimetype: 'text/plain' }))).toMatchObject({
      filename: 'a.bin',
      mimetype: 'text/plain',
    });
  });

  it('decode like nim: missing scalars are 0, the last repeat wins, unknown fields are skipped', () => {
    const header = new ProtoWriter()
      .bytes(1, treeCid(uploadRoot))
      .uint(2, 1)
      .uint(2, 65_536)
      .uint(15, 7)
      .bytes(16, Uint8Array.of(1));
    const m = decodeManifest(new ProtoWriter().message(1, header).finish());
    expect(m).toEqual({
      treeCid: treeCid(uploadRoot),
      blockSize: 65_536,
      datasetSize: 0,
      codec: 0,
      hcodec: 0,
      version: 0,
    });
  });

  it('never throw anything but a typed error on hostile bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          checkManifest(decodeManifest(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(NetworkError);
          expect((error as NetworkError).code).toBe('invalid-manifest');
        }
      }),
      { numRuns: 2000 },
    );
    expect(() => decodeManifest(Uint8Array.of(0x0a, 0x05, 0x01))).toThrow(/Header is 5 bytes but only 1 remain/);
    expect(() => decodeManifest(new Uint8Array(0))).toThrow(/no Header/);
  });
});

describe('manifest checks', () => {
  it('accept a Codex verifiable manifest and derive its slot layout', () => {
    const vm = checkManifest(decodeManifest(encodeManifest(verifiableManifest(10, 3, 2))));
    expect(vm).toMatchObject({
      blocksCount: 20,
      numSlots: 5,
      blocksPerSlot: 4,
      slot: { blocks: 4, padBlocks: 0, slotSize: 262_144n },
    });
    expect(vm.slotRoots[2]).toEqual(fieldLE(3));
    expect(vm.verifyRoot).toEqual(fieldLE(99));
    expect(slotBlockIndices(vm, 2)).toEqual([8, 9, 10, 11]);
    const small = checkManifest(verifiableManifest(5, 2, 1));
    expect(small).toMatchObject({ blocksCount: 9, blocksPerSlot: 3, slot: { padBlocks: 1, slotSize: 262_144n } });
    expect(slotBlockIndices(small, 1)).toEqual([3, 4, 5]);
  });

  it('name every field that is not what Codex produces', () => {
    const m = verifiableManifest();
    const e = m.erasure!;
    const v = e.verification!;
    const bad: [object, RegExp][] = [
      [{ ...m, blockSize: 1024 }, /blockSize is 1024/],
      [{ ...m, codec: 0x55 }, /codec is 0x55/],
      [{ ...m, hcodec: 0x13 }, /hcodec is 0x13/],
      [{ ...m, version: 0 }, /CID version is 0/],
      [{ ...m, treeCid: buildCid(0xcd02, 0x12, new Uint8Array(32)) }, /treeCid is a codex-block CID/],
      [{ ...m, datasetSize: m.datasetSize + 1 }, /not a whole number of blocks/],
      [{ ...m, erasure: undefined }, /not verifiable/],
      [{ ...m, erasure: { ...e, verification: undefined } }, /not verifiable/],
      [{ ...m, erasure: { ...e, ecK: 0 } }, /ecK is 0/],
      [{ ...m, erasure: { ...e, ecM: 3 } }, /6 slot roots|not steps/],
      [{ ...m, erasure: { ...e, protectedStrategy: 2 } }, /protectedStrategy 2/],
      [{ ...m, erasure: { ...e, originalDatasetSize: 0 } }, /gives no blocks/],
      [{ ...m, erasure: { ...e, verification: { ...v, cellSize: 4096 } } }, /cellSize is 4096/],
      [{ ...m, erasure: { ...e, verification: { ...v, verifiableStrategy: 1 } } }, /Linear/],
      [{ ...m, erasure: { ...e, verification: { ...v, slotRoots: v.slotRoots.slice(1) } } }, /4 slot roots for 5/],
      [
        { ...m, erasure: { ...e, verification: { ...v, verifyRoot: v.slotRoots[0]! } } },
        /verifyRoot is a codex-slot-root/,
      ],
      [
        {
          ...m,
          erasure: {
            ...e,
            verification: {
              ...v,
              slotRoots: [...v.slotRoots.slice(1), buildCid(0xcd04, 0, new Uint8Array(32).fill(255))],
            },
          },
        },
        /slotRoots\[4\] is not a BN254 field element/,
      ],
    ];
    for (const [manifest, message] of bad) {
      expect(() => checkManifest(manifest as never), String(message)).toThrow(message);
    }
  });

  it("check the request's slots and power-of-two slot size against the manifest", () => {
    const vm = checkManifest(verifiableManifest(5, 2, 1));
    expect(() => checkAsk(vm, { slots: 3n, slotSize: 262_144n }, 2n)).not.toThrow();
    expect(() => checkAsk(vm, { slots: 3n, slotSize: 196_608n }, 0n)).toThrow(/nextPow2\(3 blocks\) = 262144/);
    expect(() => checkAsk(vm, { slots: 4n, slotSize: 262_144n }, 0n)).toThrow(/request has 4 slots/);
    expect(() => checkAsk(vm, { slots: 3n, slotSize: 262_144n }, 3n)).toThrow(/slot 3 does not exist/);
  });
});
