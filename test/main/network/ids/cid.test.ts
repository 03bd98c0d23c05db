import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../../../src-main/network/errors';
import {
  blockCid,
  buildCid,
  cidFromString,
  cidToString,
  EMPTY_BLOCK_CID,
  expectCid,
  hex,
  parseCid,
  providerKey,
  sha256,
  slotRootCid,
  treeCid,
} from '../../../../src-main/network/ids/cid';
import { BN254_R, CODEX_BLOCK, CODEX_ROOT, SHA2_256 } from '../../../../src-main/network/ids/codecs';
import { ShaTree } from '../../../../src-main/network/tree/sha-tree';

// The nim-codex integration test uploads these 18 bytes; the chunker zero-pads them to one block.
const upload = () => {
  const block = new Uint8Array(65_536);
  block.set(new TextEncoder().encode('some file contents'));
  return block;
};

describe('Codex CIDs', () => {
  it("reproduce nim-codex's treeCid for the 18-byte upload", () => {
    const block = upload();
    expect(hex(sha256(block))).toBe('9d377dacf54120b0f1c6c4ba46e487575d8bc737f44c4f5c3cec48a4fb59c2e0');
    expect(cidToString(blockCid(block))).toBe('zDxWB8ED98hxJ51XwYaoQAwMdskCcmTaPR6Ce2wq88bjvjXRYuR9');
    const root = ShaTree.build([sha256(block)]).root;
    expect(hex(root)).toBe('050b50fa8145c235e1b817326d34f733420298a9aa511f13622dd81264e8d4df');
    expect(cidToString(treeCid(root))).toBe('zDzSvJTezk7bJNQqFq8k1iHXY84psNuUfZVusA5bBQQUSuyzDSVL');
  });

  it('name the empty block by sha2-256 of zero bytes', () => {
    expect(cidToString(EMPTY_BLOCK_CID)).toBe('zDxWB8EDDsokSpiTXNRpv1jS2LXjEdLgTiDfxFd7Eo8CSPKVj93r');
    expect(hex(EMPTY_BLOCK_CID)).toBe('01829a031220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('put the tree root itself in a treeCid, with the codex-root prefix', () => {
    const root = new Uint8Array(32).fill(7);
    const cid = parseCid(treeCid(root));
    expect(hex(treeCid(root)).slice(0, 12)).toBe('01839a031220');
    expect(cid).toMatchObject({ codec: CODEX_ROOT, hash: SHA2_256 });
    expect(cid.digest).toEqual(root);
  });

  it('print base58btc as Codex does and read it back, and read base32 too', () => {
    const cid = blockCid(new Uint8Array([1, 2, 3]));
    const z = cidToString(cid);
    const b = cidToString(cid, 'base32');
    expect(z.startsWith('zDx')).toBe(true);
    expect(b.startsWith('b')).toBe(true);
    expect(cidFromString(z).bytes).toEqual(cid);
    expect(cidFromString(b).bytes).toEqual(cid);
  });

  it('refuse CIDs a Codex node would refuse, with a typed error', () => {
    const raw = buildCid(0x55, SHA2_256, new Uint8Array(32));
    const cases: [Uint8Array, RegExp][] = [
      [raw, /not a Codex codec/],
      [Uint8Array.of(0x12, 0x20, ...new Uint8Array(32)), /version 18 is not 1/],
      [buildCid(CODEX_BLOCK, SHA2_256, new Uint8Array(31)), /31-byte digest/],
      [buildCid(CODEX_BLOCK, 0x13, new Uint8Array(64)), /multihash 0x13/],
      [Uint8Array.of(...blockCid(new Uint8Array(0)), 0), /header says/],
      [Uint8Array.of(1, 0x82), /ends inside/],
      [new Uint8Array(0), /ends inside/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => parseCid(bytes)).toThrow(NetworkError);
      expect(() => parseCid(bytes)).toThrow(message);
    }
    expect(() => cidFromString('Qmfoo')).toThrow(/not a base58btc/);
    expect(() => cidFromString('z0OIl')).toThrow(/not valid multibase/);
    expect(() => expectCid(blockCid(new Uint8Array(0)), CODEX_ROOT, SHA2_256, 'treeCid')).toThrow(
      /treeCid is a codex-block CID/,
    );
  });

  it('keep slot roots to field elements below r', () => {
    const le = (v: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
    expect(hex(slotRootCid(le(BN254_R - 1n))).slice(0, 12)).toBe('01849a030020');
    expect(() => slotRootCid(le(BN254_R))).toThrow(/not below r/);
  });

  it('key provider records by keccak256 of the binary CID', () => {
    // keccak256 of the empty string, a well-known value, shows the hash is keccak and not SHA3-256.
    expect(hex(providerKey(new Uint8Array(0)))).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    expect(providerKey(EMPTY_BLOCK_CID)).toHaveLength(32);
  });
});
