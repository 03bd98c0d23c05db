// libp2p signed envelopes (RFC 0002) with secp256k1 keys: the signature is ECDSA over
// sha256(uvarint-prefixed domain ‖ payload type ‖ payload), DER-encoded, as nim-libp2p and
// js-libp2p both produce it.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { compressedPublicKey, decodePublicKey, encodePublicKey } from './keys';
import { ProtoReader, ProtoWriter, concatBytes, encodeUvarint } from './protobuf';

/** An envelope whose signature checked out, with its parts. */
export interface OpenedEnvelope {
  publicKey: Uint8Array; // 33-byte compressed secp256k1 key
  payloadType: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array; // DER
}

function signedBytes(domain: string, payloadType: Uint8Array, payload: Uint8Array): Uint8Array {
  const d = new TextEncoder().encode(domain);
  return concatBytes([
    encodeUvarint(d.length),
    d,
    encodeUvarint(payloadType.length),
    payloadType,
    encodeUvarint(payload.length),
    payload,
  ]);
}

/** Decodes an envelope and checks its signature under `domain`; throws with the reason. */
export function openEnvelope(bytes: Uint8Array, domain: string): OpenedEnvelope {
  const reader = new ProtoReader(bytes, 64);
  const publicKey = decodePublicKey(reader.requireBytes(1, 'envelope public key'));
  const payloadType = reader.requireBytes(2, 'envelope payload type');
  const payload = reader.requireBytes(3, 'envelope payload');
  const signature = reader.requireBytes(5, 'envelope signature');
  if (signature.length === 0) throw new EnvelopeSignatureError('envelope signature is empty');
  let valid: boolean;
  try {
    valid = secp256k1.verify(signature, signedBytes(domain, payloadType, payload), publicKey, {
      format: 'der',
      prehash: true,
    });
  } catch (e) {
    throw new EnvelopeSignatureError(`envelope signature is malformed: ${(e as Error).message}`);
  }
  if (!valid) throw new EnvelopeSignatureError('envelope signature does not match its contents');
  return { publicKey, payloadType, payload, signature };
}

/** Signs `payload` into envelope bytes with a raw secp256k1 private key. */
export function sealEnvelope(
  privateKey: Uint8Array,
  domain: string,
  payloadType: Uint8Array,
  payload: Uint8Array,
): Uint8Array {
  const signature = secp256k1.sign(signedBytes(domain, payloadType, payload), privateKey, {
    format: 'der',
    prehash: true,
  });
  return new ProtoWriter()
    .bytes(1, encodePublicKey(compressedPublicKey(privateKey)))
    .bytes(2, payloadType)
    .bytes(3, payload)
    .bytes(5, signature)
    .finish();
}

/** The signature of an envelope is missing, malformed or does not verify. */
export class EnvelopeSignatureError extends Error {
  override readonly name = 'EnvelopeSignatureError';
}
