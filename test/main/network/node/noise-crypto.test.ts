import { randomBytes } from 'node:crypto';
import { defaultCrypto } from '@chainsafe/libp2p-noise/crypto';
import { Uint8ArrayList } from 'uint8arraylist';
import { describe, expect, it } from 'vitest';
import { noiseCrypto } from '../../../../src-main/network/node/noise-crypto';

const flat = (b: Uint8Array | { subarray(): Uint8Array }) =>
  Uint8Array.from(b instanceof Uint8Array ? b : b.subarray());

describe("the node's Noise cipher", () => {
  const k = randomBytes(32);
  const nonce = randomBytes(12);
  const ad = randomBytes(7);

  it("produces the library's ciphertext for large and small frames, flat or in pieces", () => {
    for (const size of [0, 100, 1199, 1200, 65_519]) {
      const plain = randomBytes(size);
      const expected = flat(defaultCrypto.chaCha20Poly1305Encrypt(plain, nonce, ad, k));
      expect(flat(noiseCrypto.chaCha20Poly1305Encrypt(plain, nonce, ad, k))).toEqual(expected);
      const pieces = new Uint8ArrayList(plain.subarray(0, size >> 1), plain.subarray(size >> 1));
      expect(flat(noiseCrypto.chaCha20Poly1305Encrypt(pieces as never, nonce, ad, k))).toEqual(expected);
      expect(flat(noiseCrypto.chaCha20Poly1305Decrypt(expected, nonce, ad, k))).toEqual(Uint8Array.from(plain));
      const split = new Uint8ArrayList(expected.subarray(0, 10), expected.subarray(10));
      expect(flat(noiseCrypto.chaCha20Poly1305Decrypt(split as never, nonce, ad, k))).toEqual(Uint8Array.from(plain));
    }
  });

  it('refuses a tampered frame', () => {
    const sealed = flat(noiseCrypto.chaCha20Poly1305Encrypt(randomBytes(5000), nonce, ad, k));
    sealed[100] = sealed[100]! ^ 1;
    expect(() => noiseCrypto.chaCha20Poly1305Decrypt(sealed, nonce, ad, k)).toThrow();
  });
});
