// Cheap checks that a circuit folder holds what it must: reads a few hundred bytes of each binary
// file. Beyond the magic numbers it compares the zkey's own copy of the verifying key (alpha, beta,
// gamma, delta, in its header section) with the verification key JSON, so a zkey and a key from
// different setups (Codex's networks differ in delta) are caught before any proof is attempted.
import { open, stat } from 'node:fs/promises';
import {
  BN254_BASE_FIELD,
  parseVerificationKey,
  SNARK_SCALAR_FIELD,
  type G1Point,
  type G2Point,
  type Groth16Files,
  type VerificationKey,
} from '../groth16';

/** Whether the files are usable, or which files are missing, or which file is wrong and why. */
export type CircuitFilesCheck =
  | { ok: true }
  | { ok: false; missing: readonly string[] }
  | { ok: false; missing: readonly []; file: string; reason: string };

const MAX_VK_BYTES = 1 << 20;
const MAX_SECTIONS = 32;
const GROTH16_PROTOCOL = 1;

class Bad extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(reason);
  }
}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, position);
    if (bytesRead !== length) throw new Bad(path, 'it ends too early');
    return buf;
  } finally {
    await handle.close();
  }
}

async function sizeOf(path: string): Promise<number> {
  const s = await stat(path).catch(() => undefined);
  if (!s) throw new Bad(path, 'it does not exist');
  if (!s.isFile()) throw new Bad(path, 'it is not a file');
  return s.size;
}

async function checkWasm(path: string): Promise<void> {
  if ((await sizeOf(path)) < 8) throw new Bad(path, 'it is too short to be WebAssembly');
  const head = await readAt(path, 0, 8);
  if (!head.equals(Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])))
    throw new Bad(path, 'it is not a WebAssembly module');
}

async function readKey(path: string, nPublic: number): Promise<VerificationKey> {
  const size = await sizeOf(path);
  if (size > MAX_VK_BYTES) throw new Bad(path, 'it is too large to be a verification key');
  let json: unknown;
  try {
    json = JSON.parse((await readAt(path, 0, size)).toString('utf8'));
  } catch (e) {
    if (e instanceof Bad) throw e;
    throw new Bad(path, 'it is not JSON');
  }
  const parsed = parseVerificationKey(json, nPublic);
  if (!parsed.ok) throw new Bad(path, parsed.reason);
  return parsed.vk;
}

const montgomeryInverse = modPow(2n ** 256n % BN254_BASE_FIELD, BN254_BASE_FIELD - 2n, BN254_BASE_FIELD);

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  for (let b = base % m, e = exp; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) result = (result * b) % m;
  return result;
}

// zkeys store field elements little-endian, in Montgomery form (x·2^256 mod q).
function fieldAt(buf: Buffer, offset: number, montgomery: boolean): bigint {
  let v = 0n;
  for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(buf[offset + i] ?? 0);
  return montgomery ? (v * montgomeryInverse) % BN254_BASE_FIELD : v;
}

const g1At = (b: Buffer, o: number): G1Point => ({ x: fieldAt(b, o, true), y: fieldAt(b, o + 32, true) });
const g2At = (b: Buffer, o: number): G2Point => ({
  x: { real: fieldAt(b, o, true), imag: fieldAt(b, o + 32, true) },
  y: { real: fieldAt(b, o + 64, true), imag: fieldAt(b, o + 96, true) },
});
const sameG1 = (p: G1Point, q: G1Point) => p.x === q.x && p.y === q.y;
const sameG2 = (p: G2Point, q: G2Point) =>
  p.x.real === q.x.real && p.x.imag === q.x.imag && p.y.real === q.y.real && p.y.imag === q.y.imag;

async function checkZkey(path: string, vk: VerificationKey): Promise<void> {
  const size = await sizeOf(path);
  if (size < 12) throw new Bad(path, 'it is too short to be a zkey');
  const head = await readAt(path, 0, 12);
  if (head.toString('latin1', 0, 4) !== 'zkey') throw new Bad(path, 'it is not a zkey (no "zkey" header)');
  const sections = Math.min(head.readUInt32LE(8), MAX_SECTIONS);
  let offset = 12;
  let protocol: number | undefined;
  let header: Buffer | undefined;
  for (let i = 0; i < sections && offset + 12 <= size && (protocol === undefined || !header); i++) {
    const s = await readAt(path, offset, 12);
    const type = s.readUInt32LE(0);
    const length = Number(s.readBigUInt64LE(4));
    if (offset + 12 + length > size) throw new Bad(path, 'its section table runs past the end of the file');
    if (type === 1 && length === 4) protocol = (await readAt(path, offset + 12, 4)).readUInt32LE(0);
    if (type === 2 && length === 660) header = await readAt(path, offset + 12, length);
    offset += 12 + length;
  }
  if (protocol !== GROTH16_PROTOCOL) throw new Bad(path, 'it is not a Groth16 proving key');
  if (!header) throw new Bad(path, 'it has no BN254 Groth16 header');
  // n8q, q, n8r, r, nVars, nPublic, domainSize, then alpha1, beta1, beta2, gamma2, delta1, delta2.
  if (header.readUInt32LE(0) !== 32 || fieldAt(header, 4, false) !== BN254_BASE_FIELD)
    throw new Bad(path, 'it is not on the BN254 curve');
  if (header.readUInt32LE(36) !== 32 || fieldAt(header, 40, false) !== SNARK_SCALAR_FIELD)
    throw new Bad(path, 'it is not on the BN254 curve');
  const nPublic = header.readUInt32LE(76);
  if (nPublic !== vk.nPublic)
    throw new Bad(path, `it has ${nPublic} public inputs, the verification key ${vk.nPublic}`);
  const at = 84;
  const matches =
    sameG1(g1At(header, at), vk.alpha1) &&
    sameG2(g2At(header, at + 128), vk.beta2) &&
    sameG2(g2At(header, at + 256), vk.gamma2) &&
    sameG2(g2At(header, at + 448), vk.delta2);
  if (!matches) throw new Bad(path, 'it does not belong to the verification key beside it (another setup)');
}

/** Checks the three circuit files cheaply; the key must have `nPublic` public inputs. */
export async function checkCircuitFiles(files: Groth16Files, nPublic: number): Promise<CircuitFilesCheck> {
  const all = [files.wasm, files.zkey, files.verificationKey];
  const present = await Promise.all(
    all.map((f) =>
      stat(f).then(
        () => true,
        () => false,
      ),
    ),
  );
  const missing = all.filter((_, i) => !present[i]);
  if (missing.length > 0) return { ok: false, missing };
  try {
    // The key first: the zkey check compares against it.
    const vk = await readKey(files.verificationKey, nPublic);
    await checkWasm(files.wasm);
    await checkZkey(files.zkey, vk);
    return { ok: true };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, missing: [], file: e.file, reason: e.message };
    const err = e as NodeJS.ErrnoException;
    if (err.code && err.path)
      return { ok: false, missing: [], file: err.path, reason: `it cannot be read (${err.code})` };
    throw e;
  }
}
