// Signed peer records: the public face of this folder.
export {
  SprError,
  decodeSpr,
  encodeSpr,
  parseSpr,
  sprText,
  MAX_SPR_BYTES,
  SPR_DOMAIN,
  SPR_PAYLOAD_TYPE,
} from './record';
export type { SignedPeerRecord, SprErrorReason } from './record';
export {
  KeyError,
  rawPrivateKey,
  compressedPublicKey,
  peerIdBytes,
  peerIdText,
  encodePublicKey,
  decodePublicKey,
} from './keys';
export type { PrivateKeyInput } from './keys';
