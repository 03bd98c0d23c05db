// The DHT's cryptography, with Codex's choices where they differ from Ethereum's discv5:
// the id-signature is libp2p secp256k1 signing (ECDSA over sha256 of the message, DER), and the
// ephemeral key travels as a libp2p protobuf public key. Everything else is discv5 v5.1.
import { createCipheriv, createDecipheriv, createHash, hkdfSync } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { concatBytes } from '../spr/protobuf';

export const GCM_TAG_SIZE = 16;
const ID_SIGNATURE_TEXT = new TextEncoder().encode('discovery v5 identity proof');
const KEY_AGREEMENT_TEXT = new TextEncoder().encode('discovery v5 key agreement');

/** The session keys one handshake yields. */
export interface HandshakeSecrets {
  initiatorKey: Uint8Array; // 16 bytes: what the initiator writes with
  recipientKey: Uint8Array; // 16 bytes: what the recipient writes with
}

/** ECDH as discv5 uses it: the 33-byte compressed shared point, prefix byte included. */
export function ecdh(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  return secp256k1.getSharedSecret(privateKey, publicKey, true);
}

/** HKDF-SHA256 over the ECDH point, salted with the WHOAREYOU challenge data. */
export function deriveKeys(
  initiatorId: Uint8Array,
  recipientId: Uint8Array,
  privateKey: Uint8Array,
  publicKey: Uint8Array,
  challengeData: Uint8Array,
): HandshakeSecrets {
  const info = concatBytes([KEY_AGREEMENT_TEXT, initiatorId, recipientId]);
  const okm = new Uint8Array(hkdfSync('sha256', ecdh(privateKey, publicKey), challengeData, info, 32));
  return { initiatorKey: okm.slice(0, 16), recipientKey: okm.slice(16, 32) };
}

function idHash(challengeData: Uint8Array, ephKey: Uint8Array, destId: Uint8Array): Uint8Array {
  return new Uint8Array(
    createHash('sha256').update(ID_SIGNATURE_TEXT).update(challengeData).update(ephKey).update(destId).digest(),
  );
}

/** Codex's id-signature: ECDSA(sha256(sha256(text ‖ challenge ‖ eph key ‖ dest id))), DER. */
export function createIdSignature(
  privateKey: Uint8Array,
  challengeData: Uint8Array,
  ephKey: Uint8Array,
  destId: Uint8Array,
  format: 'der' | 'compact' = 'der',
): Uint8Array {
  return secp256k1.sign(idHash(challengeData, ephKey, destId), privateKey, { prehash: true, format });
}

/** Checks an id-signature; false for any malformed input rather than throwing. */
export function verifyIdSignature(
  signature: Uint8Array,
  challengeData: Uint8Array,
  ephKey: Uint8Array,
  destId: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  try {
    return secp256k1.verify(signature, idHash(challengeData, ephKey, destId), publicKey, {
      prehash: true,
      format: 'der',
    });
  } catch {
    return false; // a malformed DER signature is just an invalid one
  }
}

/** AES-128-GCM with a 12-byte nonce; the 16-byte tag is appended. */
export function encryptGcm(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-gcm', key, nonce);
  c.setAAD(aad);
  return concatBytes([c.update(plaintext), c.final(), c.getAuthTag()]);
}

/** Opens AES-128-GCM; undefined when the tag does not verify (wrong key or tampered bytes). */
export function decryptGcm(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  aad: Uint8Array,
): Uint8Array | undefined {
  if (ciphertext.length < GCM_TAG_SIZE) return undefined;
  const d = createDecipheriv('aes-128-gcm', key, nonce);
  d.setAAD(aad);
  d.setAuthTag(ciphertext.subarray(ciphertext.length - GCM_TAG_SIZE));
  const body = d.update(ciphertext.subarray(0, ciphertext.length - GCM_TAG_SIZE));
  try {
    return concatBytes([body, d.final()]);
  } catch {
    return undefined; // authentication failed: the caller treats it as "cannot decrypt"
  }
}

/** AES-128-CTR masking of the packet header, keyed by the first 16 bytes of the destination id. */
export function maskHeader(destId: Uint8Array, iv: Uint8Array, header: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-ctr', destId.subarray(0, 16), iv);
  return concatBytes([c.update(header), c.final()]);
}
