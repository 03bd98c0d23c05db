// Noise's ChaCha20-Poly1305 with the session key imported once. @chainsafe/libp2p-noise's Node
// crypto hands the raw key to createCipheriv for every 64 KiB frame, and importing it costs more
// than decrypting small frames; a block download is a thousand frames per 64 MiB. Everything
// else, and frames under 1,200 bytes (where its wasm cipher is faster), stays the library's.
// Passed through noise's documented `crypto` option.
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import type { ICryptoInterface } from '@chainsafe/libp2p-noise';
import { defaultCrypto } from '@chainsafe/libp2p-noise/crypto';
import { Uint8ArrayList } from 'uint8arraylist';

const ALGORITHM = 'chacha20-poly1305';
const SMALL = 1200;
// A session's key is one Uint8Array for the session's life (noise's CipherState holds it).
const imported = new WeakMap<Uint8Array, KeyObject>();

function keyOf(k: Uint8Array): KeyObject {
  let key = imported.get(k);
  if (!key) imported.set(k, (key = createSecretKey(k)));
  return key;
}

const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

// Noise bundles its own uint8arraylist (2.x); lists of either version are recognised by a shared
// Symbol.for marker at run time, but TypeScript sees two classes.
type NoiseList = ReturnType<ICryptoInterface['chaCha20Poly1305Encrypt']>;
const asNoise = (parts: Uint8Array[]): NoiseList =>
  parts.length === 1 ? parts[0]! : (new Uint8ArrayList(...parts) as unknown as NoiseList);

/** Noise crypto for the node: the default, with key import hoisted out of the per-frame path. */
export const noiseCrypto: ICryptoInterface = {
  ...defaultCrypto,
  chaCha20Poly1305Encrypt(plaintext, nonce, ad, k) {
    if (plaintext.byteLength < SMALL) return defaultCrypto.chaCha20Poly1305Encrypt(plaintext, nonce, ad, k);
    const cipher = createCipheriv(ALGORITHM, keyOf(k), nonce, { authTagLength: 16 });
    cipher.setAAD(ad, { plaintextLength: plaintext.byteLength });
    const out: Uint8Array[] = [];
    for (const part of plaintext instanceof Uint8Array ? [plaintext] : plaintext) out.push(view(cipher.update(part)));
    const final = cipher.final();
    if (final.length > 0) out.push(view(final));
    out.push(view(cipher.getAuthTag()));
    return asNoise(out);
  },
  chaCha20Poly1305Decrypt(ciphertext, nonce, ad, k, dst) {
    if (ciphertext.byteLength < SMALL) return defaultCrypto.chaCha20Poly1305Decrypt(ciphertext, nonce, ad, k, dst);
    const length = ciphertext.byteLength - 16;
    const decipher = createDecipheriv(ALGORITHM, keyOf(k), nonce, { authTagLength: 16 });
    decipher.setAAD(ad, { plaintextLength: length });
    decipher.setAuthTag(ciphertext.subarray(length));
    const body = ciphertext instanceof Uint8Array ? [ciphertext.subarray(0, length)] : ciphertext.sublist(0, length);
    const out: Uint8Array[] = [];
    for (const part of body) out.push(view(decipher.update(part)));
    const final = decipher.final();
    if (final.length > 0) out.push(view(final));
    return out.length === 0 ? new Uint8Array(0) : asNoise(out);
  },
};
