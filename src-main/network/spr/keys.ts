// secp256k1 identities as libp2p and Codex encode them. Codex builds nim-libp2p with secp256k1 as
// the only key scheme, so every other key type is refused here with a clear reason.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base58btc } from 'multiformats/bases/base58';
import { ProtoReader, ProtoWriter, type ProtobufError, concatBytes } from './protobuf';

/** libp2p's KeyType enum value for secp256k1 (`crypto.proto`). */
export const SECP256K1_KEY_TYPE = 2;

/** A key that is not a usable secp256k1 key, with the reason. */
export class KeyError extends Error {
  override readonly name = 'KeyError';
}

/** What callers may pass as a private key: 32 raw bytes, or a libp2p key object holding them. */
export type PrivateKeyInput = Uint8Array | { readonly type: string; readonly raw: Uint8Array };

/** The 32 raw bytes of a secp256k1 private key, validated. */
export function rawPrivateKey(input: PrivateKeyInput): Uint8Array {
  const raw = input instanceof Uint8Array ? input : input.raw;
  if (!(input instanceof Uint8Array) && input.type !== 'secp256k1')
    throw new KeyError(`Codex identities are secp256k1 only; got a ${input.type} key`);
  if (raw.length !== 32 || !secp256k1.utils.isValidSecretKey(raw))
    throw new KeyError('not a valid 32-byte secp256k1 private key');
  return raw;
}

/** The 33-byte compressed public key of a raw private key. */
export function compressedPublicKey(privateKey: Uint8Array): Uint8Array {
  return secp256k1.getPublicKey(privateKey, true);
}

/** libp2p's protobuf public key `{1: type, 2: key}` (37 bytes for secp256k1). */
export function encodePublicKey(compressed: Uint8Array): Uint8Array {
  return new ProtoWriter().uint(1, SECP256K1_KEY_TYPE).bytes(2, compressed).finish();
}

/** The compressed key inside a libp2p protobuf public key; refuses other types and bad points. */
export function decodePublicKey(bytes: Uint8Array): Uint8Array {
  let type: bigint;
  let key: Uint8Array;
  try {
    const reader = new ProtoReader(bytes, 16);
    type = reader.requireUint(1, 'key type');
    key = reader.requireBytes(2, 'key data');
  } catch (e) {
    throw new KeyError(`unreadable public key: ${(e as ProtobufError).message}`);
  }
  if (type !== BigInt(SECP256K1_KEY_TYPE)) throw new KeyError(`unsupported key type ${type} (Codex uses secp256k1)`);
  if (key.length !== 33 || !secp256k1.utils.isValidPublicKey(key, true))
    throw new KeyError('secp256k1 public key is not a valid 33-byte compressed point');
  return key;
}

/** Peer id bytes: the identity multihash (0x00, length) of the protobuf public key. */
export function peerIdBytes(compressed: Uint8Array): Uint8Array {
  const proto = encodePublicKey(compressed);
  return concatBytes([Uint8Array.of(0x00, proto.length), proto]);
}

/** The peer id as libp2p prints it (base58btc, `16Uiu2HA…` for secp256k1). */
export function peerIdText(peerId: Uint8Array): string {
  return base58btc.baseEncode(peerId);
}
