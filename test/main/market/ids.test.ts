import { AbiCoder, getBytes, keccak256, toBeHex, zeroPadValue } from 'ethers';
import { describe, expect, it } from 'vitest';
import type { StorageRequest } from '../../../src-main/engine/index';
import { encodeRequest, requestIdOf, slotIdOf } from '../../../src-main/market/ids';

const request: StorageRequest = {
  client: '0x' + '11'.repeat(20),
  ask: {
    proofProbability: 2n,
    pricePerBytePerSecond: 3n,
    collateralPerByte: 4n,
    slots: 5n,
    slotSize: 6n,
    duration: 7n,
    maxSlotLoss: 8n,
  },
  content: { cid: '0xabcdef', merkleRoot: '0x' + '22'.repeat(32) },
  expiry: 9n,
  nonce: '0x' + '33'.repeat(32),
};

const word = (hex: string, i: number) => '0x' + hex.slice(2 + 64 * i, 2 + 64 * (i + 1));

describe('ids', () => {
  it('encodes the request as one tuple with the layout of docs/reference/marketplace.md §1.1/§1.2', () => {
    const enc = encodeRequest(request);
    expect(word(enc, 0)).toBe(toBeHex(0x20, 32)); // offset of the dynamic outer tuple
    expect(word(enc, 1)).toBe(zeroPadValue(request.client, 32));
    // Ask fields, in the order of PR #207
    expect([2, 3, 4, 5, 6, 7, 8].map((i) => BigInt(word(enc, i)))).toEqual([2n, 3n, 4n, 5n, 6n, 7n, 8n]);
    expect(word(enc, 9)).toBe(toBeHex(11 * 32, 32)); // offset of Content inside the tuple
    expect(BigInt(word(enc, 10))).toBe(9n); // expiry
    expect(word(enc, 11)).toBe(request.nonce);
    expect(word(enc, 12)).toBe(toBeHex(0x40, 32)); // Content: offset of cid
    expect(word(enc, 13)).toBe(request.content.merkleRoot);
    expect(BigInt(word(enc, 14))).toBe(3n); // cid length
    expect(word(enc, 15)).toBe('0xabcdef' + '00'.repeat(29));
    expect(getBytes(enc)).toHaveLength(16 * 32);
  });

  it('computes the request id as keccak256 of that encoding', () => {
    expect(requestIdOf(request)).toBe(keccak256(encodeRequest(request)));
    expect(requestIdOf({ ...request, nonce: '0x' + '34'.repeat(32) })).not.toBe(requestIdOf(request));
  });

  it('computes the slot id as keccak256(abi.encode(bytes32, uint64))', () => {
    const id = requestIdOf(request);
    const expected = keccak256(AbiCoder.defaultAbiCoder().encode(['bytes32', 'uint64'], [id, 3n]));
    expect(slotIdOf(id, 3n)).toBe(expected);
    expect(slotIdOf(id, 3n)).toBe(keccak256(AbiCoder.defaultAbiCoder().encode(['bytes32', 'uint256'], [id, 3n])));
  });
});
