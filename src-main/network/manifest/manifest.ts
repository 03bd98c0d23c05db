// A Codex manifest block (codex/manifest/coders.nim): an outer message whose field 1 is the Header.
// Decoding follows nim: a missing scalar is 0, a repeated scalar keeps its last value, unknown
// fields are skipped, and field 7 (ErasureInfo) / its field 6 (VerificationInfo) mark a protected /
// verifiable manifest when present and non-empty. Field 5 of ErasureInfo (protectedStrategy) exists
// although the comment in coders.nim omits it. Encoding writes every field, as nim does, so the
// bytes (and so the manifest CID) equal a Codex node's.
import { NetworkError } from '../errors';
import { manifestCid } from '../ids/cid';
import { ProtoReader, ProtoWriter } from '../wire/protobuf';

/** Header of a manifest, as decoded (nothing checked yet: see validate.ts). */
export interface Manifest {
  readonly treeCid: Uint8Array;
  readonly blockSize: number;
  readonly datasetSize: number;
  readonly codec: number;
  readonly hcodec: number;
  readonly version: number;
  /** Present on a protected (erasure-coded) manifest. */
  readonly erasure?: ErasureInfo;
  readonly filename?: string;
  readonly mimetype?: string;
}

/** Erasure coding of a protected manifest. */
export interface ErasureInfo {
  readonly ecK: number;
  readonly ecM: number;
  readonly originalTreeCid: Uint8Array;
  readonly originalDatasetSize: number;
  /** 0 Linear, 1 Stepped (what Erasure.encode uses). */
  readonly protectedStrategy: number;
  /** Present on a verifiable manifest (the one a storage request names). */
  readonly verification?: VerificationInfo;
}

/** What a verifiable manifest commits to. */
export interface VerificationInfo {
  /** CID bytes: codex-proving-root, identity multihash of 32 LE bytes. */
  readonly verifyRoot: Uint8Array;
  /** CID bytes, one per slot: codex-slot-root, identity multihash of 32 LE bytes. */
  readonly slotRoots: readonly Uint8Array[];
  readonly cellSize: number;
  /** 0 Linear (what setupRequest uses), 1 Stepped. */
  readonly verifiableStrategy: number;
}

/** Largest manifest block accepted; a verifiable manifest with 1,000 slots is about 45 KB. */
export const MAX_MANIFEST_BYTES = 1 << 20;

const utf8 = new TextDecoder();

function decodeVerification(bytes: Uint8Array): VerificationInfo {
  const r = new ProtoReader(bytes, 'manifest VerificationInfo');
  let verifyRoot: Uint8Array = new Uint8Array(0);
  const slotRoots: Uint8Array[] = [];
  let cellSize = 0;
  let verifiableStrategy = 0;
  r.each((field, wire) => {
    if (field === 1) verifyRoot = r.bytes(wire, 'verifyRoot');
    else if (field === 2) slotRoots.push(r.bytes(wire, 'slotRoots'));
    else if (field === 3) cellSize = r.uint(wire, 'cellSize');
    else if (field === 4) verifiableStrategy = r.uint(wire, 'verifiableStrategy');
  });
  if (slotRoots.length === 0) throw new NetworkError('invalid-manifest', 'verifiable manifest lists no slotRoots');
  return { verifyRoot, slotRoots, cellSize, verifiableStrategy };
}

function decodeErasure(bytes: Uint8Array): ErasureInfo {
  const r = new ProtoReader(bytes, 'manifest ErasureInfo');
  let ecK = 0;
  let ecM = 0;
  let originalTreeCid: Uint8Array = new Uint8Array(0);
  let originalDatasetSize = 0;
  let protectedStrategy = 0;
  let verification: Uint8Array | undefined;
  r.each((field, wire) => {
    if (field === 1) ecK = r.uint(wire, 'ecK');
    else if (field === 2) ecM = r.uint(wire, 'ecM');
    else if (field === 3) originalTreeCid = r.bytes(wire, 'originalTreeCid');
    else if (field === 4) originalDatasetSize = r.uint(wire, 'originalDatasetSize');
    else if (field === 5) protectedStrategy = r.uint(wire, 'protectedStrategy');
    else if (field === 6) verification = r.bytes(wire, 'verificationInfo');
  });
  const info = { ecK, ecM, originalTreeCid, originalDatasetSize, protectedStrategy };
  return verification && verification.length > 0 ? { ...info, verification: decodeVerification(verification) } : info;
}

/** Decodes manifest bytes. Throws NetworkError('invalid-manifest') with what was wrong; never anything else. */
export function decodeManifest(bytes: Uint8Array): Manifest {
  if (bytes.length > MAX_MANIFEST_BYTES)
    throw new NetworkError('invalid-manifest', `manifest is ${bytes.length} bytes, more than ${MAX_MANIFEST_BYTES}`);
  try {
    const outer = new ProtoReader(bytes, 'manifest');
    let header: Uint8Array | undefined;
    outer.each((field, wire) => {
      if (field === 1) header = outer.bytes(wire, 'Header');
    });
    if (header === undefined) throw new NetworkError('invalid-manifest', 'manifest has no Header (field 1)');
    const r = new ProtoReader(header, 'manifest Header');
    const m = {
      treeCid: new Uint8Array(0) as Uint8Array,
      blockSize: 0,
      datasetSize: 0,
      codec: 0,
      hcodec: 0,
      version: 0,
    };
    let erasure: Uint8Array | undefined;
    let filename = '';
    let mimetype = '';
    r.each((field, wire) => {
      if (field === 1) m.treeCid = r.bytes(wire, 'treeCid');
      else if (field === 2) m.blockSize = r.uint(wire, 'blockSize');
      else if (field === 3) m.datasetSize = r.uint(wire, 'datasetSize');
      else if (field === 4) m.codec = r.uint(wire, 'codec');
      else if (field === 5) m.hcodec = r.uint(wire, 'hcodec');
      else if (field === 6) m.version = r.uint(wire, 'version');
      else if (field === 7) erasure = r.bytes(wire, 'erasureInfo');
      else if (field === 8) filename = utf8.decode(r.bytes(wire, 'filename'));
      else if (field === 9) mimetype = utf8.decode(r.bytes(wire, 'mimetype'));
    });
    return {
      ...m,
      ...(erasure && erasure.length > 0 ? { erasure: decodeErasure(erasure) } : {}),
      ...(filename ? { filename } : {}),
      ...(mimetype ? { mimetype } : {}),
    };
  } catch (error) {
    if (error instanceof NetworkError) throw new NetworkError('invalid-manifest', error.message);
    throw new NetworkError('invalid-manifest', `manifest could not be read: ${(error as Error).message}`);
  }
}

/** The manifest's bytes exactly as nim-codex writes them (every field present, in field order). */
export function encodeManifest(m: Manifest): Uint8Array {
  const header = new ProtoWriter()
    .bytes(1, m.treeCid)
    .uint(2, m.blockSize)
    .uint(3, m.datasetSize)
    .uint(4, m.codec)
    .uint(5, m.hcodec)
    .uint(6, m.version);
  if (m.erasure) {
    const e = m.erasure;
    const erasure = new ProtoWriter()
      .uint(1, e.ecK)
      .uint(2, e.ecM)
      .bytes(3, e.originalTreeCid)
      .uint(4, e.originalDatasetSize)
      .uint(5, e.protectedStrategy);
    if (e.verification) {
      const v = new ProtoWriter().bytes(1, e.verification.verifyRoot);
      for (const root of e.verification.slotRoots) v.bytes(2, root);
      v.uint(3, e.verification.cellSize).uint(4, e.verification.verifiableStrategy);
      erasure.message(6, v);
    }
    header.message(7, erasure);
  }
  const text = new TextEncoder();
  if (m.filename) header.bytes(8, text.encode(m.filename));
  if (m.mimetype) header.bytes(9, text.encode(m.mimetype));
  return new ProtoWriter().message(1, header).finish();
}

/** A manifest's bytes and CID together. */
export function manifestBlock(m: Manifest): { bytes: Uint8Array; cid: Uint8Array } {
  const bytes = encodeManifest(m);
  return { bytes, cid: manifestCid(bytes) };
}
