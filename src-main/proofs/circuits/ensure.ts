// ensureCircuit: the market's circuit files, downloaded on demand. Safer than Codex's cirdl: the
// archive's SHA-256 must be the zkeyHash, it is unpacked by a strict reader into a temporary folder
// and renamed into place, and an interrupted download resumes instead of starting over.
import { readdir, rename, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { downloadArchive } from './download';
import { archiveUrl, circuitsRoot, CODEX_PUBLIC_INPUT_COUNT, DEFAULT_CIRCUIT_BASE_URL } from './files';
import { installArchive } from './install';
import { installedCircuitDir, locateCircuit, type CircuitLocation, type LocateCircuitOptions } from './locate';
import { CircuitFault, storageProblem } from './problems';

/** Size bounds on a downloaded circuit archive. */
export interface CircuitDownloadLimits {
  /** The compressed archive (Codex's is about 100 MB). Default 1 GiB. */
  readonly maxArchiveBytes: number;
  /** One unpacked entry (Codex's zkey is about 55 MB). Default 1 GiB. */
  readonly maxEntryBytes: number;
  /** Everything unpacked together. Default 4 GiB. */
  readonly maxUnpackedBytes: number;
  readonly maxEntries: number;
}

/** How far a circuit download is, for the dashboard's progress bar. */
export interface CircuitProgress {
  readonly zkeyHash: string;
  readonly url: string;
  readonly phase: 'downloading' | 'installing' | 'installed';
  readonly bytesDone: number;
  /** Undefined until the server says how large the archive is. */
  readonly bytesTotal: number | undefined;
}

/** What ensureCircuit needs beyond locateCircuit's options. */
export interface EnsureCircuitOptions extends LocateCircuitOptions {
  /** Where archives are, followed by the zkeyHash. Default Codex's https://circuit.codex.storage/proving-key/. */
  readonly baseUrl?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CircuitProgress) => void;
  readonly limits?: Partial<CircuitDownloadLimits>;
  /** An attempt that receives nothing for this long ends (and is resumed by the next). Default 30 s. */
  readonly idleTimeoutMs?: number;
  /** Download attempts before giving up, each resuming the last. Default 3. */
  readonly attempts?: number;
  /** Pause before attempt n+1 is n times this. Default 1 s. */
  readonly retryDelayMs?: number;
}

const GiB = 1024 ** 3;
const DEFAULT_LIMITS: CircuitDownloadLimits = {
  maxArchiveBytes: GiB,
  maxEntryBytes: GiB,
  maxUnpackedBytes: 4 * GiB,
  maxEntries: 64,
};

const inFlight = new Map<string, Promise<CircuitLocation>>();

/**
 * The circuit files for this market: the --circuit-dir ones (never downloaded), or DATA/circuits/<zkeyHash>,
 * downloaded, checked and installed first when absent or damaged. Never throws for a circuit problem:
 * the result says what the operator must do.
 */
export async function ensureCircuit(options: EnsureCircuitOptions): Promise<CircuitLocation> {
  const found = await locateCircuit(options);
  if (found.ok || options.circuitDir !== undefined || found.problem.code === 'bad-zkey-hash') return found;
  const target = installedCircuitDir(options.dataDir, options.zkeyHash);
  let running = inFlight.get(target);
  if (!running) {
    running = install(options, target, found.problem.code === 'invalid').finally(() => inFlight.delete(target));
    inFlight.set(target, running);
  }
  return running;
}

async function install(options: EnsureCircuitOptions, target: string, damaged: boolean): Promise<CircuitLocation> {
  const hash = options.zkeyHash;
  const root = circuitsRoot(options.dataDir);
  const url = archiveUrl(options.baseUrl ?? DEFAULT_CIRCUIT_BASE_URL, hash);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const part = join(root, `${hash}.tar.gz.part`);
  const progress = (phase: CircuitProgress['phase'], bytesDone: number, bytesTotal: number | undefined) =>
    options.onProgress?.({ zkeyHash: hash, url, phase, bytesDone, bytesTotal });
  try {
    await mkdir(root, { recursive: true });
    await removeLeftovers(root, hash);
    if (damaged) {
      // Moved aside first, so the name is free at once even if deleting takes long.
      const aside = join(root, `.damaged-${hash}-${Date.now()}`);
      await rename(target, aside);
      await rm(aside, { recursive: true, force: true });
    }
    const outcome = await downloadWithRetries(options, url, part, limits.maxArchiveBytes, progress);
    progress('installing', outcome.bytes, outcome.bytes);
    try {
      await installArchive(
        part,
        target,
        { maxEntries: limits.maxEntries, maxEntryBytes: limits.maxEntryBytes, maxTotalBytes: limits.maxUnpackedBytes },
        options.nPublic ?? CODEX_PUBLIC_INPUT_COUNT,
      );
    } finally {
      // Installed, or the very archive of the zkeyHash is unusable: either way its bytes are no use now.
      await rm(part, { force: true });
    }
    progress('installed', outcome.bytes, outcome.bytes);
  } catch (e) {
    if (e instanceof CircuitFault) return { ok: false, problem: e.toProblem() };
    const problem = storageProblem(e, root);
    if (problem) return { ok: false, problem };
    throw e;
  }
  return locateCircuit(options);
}

async function downloadWithRetries(
  options: EnsureCircuitOptions,
  url: string,
  partPath: string,
  maxBytes: number,
  progress: (phase: 'downloading', done: number, total: number | undefined) => void,
) {
  const attempts = Math.max(1, options.attempts ?? 3);
  for (let n = 1; ; n++) {
    try {
      return await downloadArchive({
        url,
        partPath,
        sha256: options.zkeyHash,
        maxBytes,
        idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
        onProgress: (done, total) => progress('downloading', done, total),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (e) {
      if (!(e instanceof CircuitFault)) throw e;
      if (e.code !== 'download-failed' || n >= attempts) throw e;
      await sleep(
        n * (options.retryDelayMs ?? 1000),
        undefined,
        options.signal ? { signal: options.signal } : {},
      ).catch(() => {
        throw new CircuitFault(
          'cancelled',
          'The circuit download was cancelled; what arrived is kept for the next try.',
        );
      });
    }
  }
}

// Temporary folders of an install that crashed midway hold nothing worth keeping.
async function removeLeftovers(root: string, hash: string): Promise<void> {
  const names = await readdir(root);
  for (const name of names)
    if (name.startsWith(`.tmp-${hash}-`) || name.startsWith(`.damaged-${hash}-`))
      await rm(join(root, name), { recursive: true, force: true });
}
