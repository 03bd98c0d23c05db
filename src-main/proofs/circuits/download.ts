// Downloads a circuit archive into a `.part` file, resuming what an earlier attempt left there with
// an HTTP Range request, and checks its SHA-256 on the way. A server that ignores Range is answered
// by starting over; a stall (no bytes for idleTimeoutMs) ends the attempt and keeps the bytes.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { CircuitFault } from './problems';

/** One download of an archive whose SHA-256 is known. */
export interface DownloadRequest {
  readonly url: string;
  readonly partPath: string;
  /** Expected SHA-256, lowercase hex. */
  readonly sha256: string;
  readonly maxBytes: number;
  readonly idleTimeoutMs: number;
  readonly signal?: AbortSignal;
  /** Bytes in the part file so far, and the archive's size once the server said it. */
  readonly onProgress?: (bytesDone: number, bytesTotal: number | undefined) => void;
}

/** What a finished download did. */
export interface DownloadOutcome {
  readonly bytes: number;
  /** Bytes that were already in the part file and kept (0 for a fresh download). */
  readonly resumedFrom: number;
}

const PROGRESS_EVERY_MS = 200;

class Stalled extends Error {}

class HashMismatch extends CircuitFault {
  constructor(
    message: string,
    readonly resumedFrom: number,
  ) {
    super('hash-mismatch', message);
  }
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function failed(url: string, why: string): CircuitFault {
  return new CircuitFault(
    'download-failed',
    `Downloading the circuit archive from ${url} failed (${why}). What arrived is kept and the download resumes on the next try; check the network and the circuit download URL.`,
  );
}

function rangeStart(header: string | null): { start: number; total: number | undefined } | undefined {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header ?? '');
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[2] === '*' ? undefined : Number(m[2]) };
}

/** Downloads `url` into `partPath` (resuming) and checks its SHA-256; throws a CircuitFault. */
export async function downloadArchive(req: DownloadRequest): Promise<DownloadOutcome> {
  let existing = await sizeOf(req.partPath);
  if (existing > req.maxBytes) {
    await rm(req.partPath, { force: true });
    existing = 0;
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onAbort, { once: true });
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new Stalled()), req.idleTimeoutMs);
  };
  try {
    if (req.signal?.aborted) throw cancelled();
    armIdle();
    try {
      return await attempt(req, existing, controller.signal, armIdle);
    } catch (e) {
      // Bytes kept from an earlier attempt can be stale (the file changed on the server): one fresh try.
      if (!(e instanceof HashMismatch) || e.resumedFrom === 0) throw e;
      return await attempt(req, 0, controller.signal, armIdle);
    }
  } catch (e) {
    // Errors of the disk, not of the network, are for the caller to report as such.
    if (e instanceof CircuitFault || typeof (e as NodeJS.ErrnoException).syscall === 'string') throw e;
    if (req.signal?.aborted) throw cancelled();
    if (controller.signal.reason instanceof Stalled)
      throw failed(req.url, `no data for ${Math.round(req.idleTimeoutMs / 1000)} s`);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw failed(req.url, cause?.code ?? cause?.message ?? (e as Error).message);
  } finally {
    clearTimeout(idle);
    req.signal?.removeEventListener('abort', onAbort);
  }
}

function cancelled(): CircuitFault {
  return new CircuitFault('cancelled', 'The circuit download was cancelled; what arrived is kept for the next try.');
}

async function attempt(
  req: DownloadRequest,
  existing: number,
  signal: AbortSignal,
  onData: () => void,
): Promise<DownloadOutcome> {
  const headers: Record<string, string> = existing > 0 ? { range: `bytes=${existing}-` } : {};
  const res = await fetch(req.url, { headers, signal, redirect: 'follow' });
  let from = existing;
  let total: number | undefined;
  if (res.status === 416 && existing > 0) {
    await res.body?.cancel();
    // Nothing left to fetch: either the part is the whole archive already, or it is stale.
    const size = /^bytes \*\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1];
    if (size !== undefined && Number(size) === existing) return finish(req, existing, existing);
    await rm(req.partPath, { force: true });
    return attempt(req, 0, signal, onData);
  }
  if (res.status === 206 && existing > 0) {
    const range = rangeStart(res.headers.get('content-range'));
    if (!range || range.start !== existing) {
      await res.body?.cancel();
      await rm(req.partPath, { force: true });
      return attempt(req, 0, signal, onData);
    }
    total = range.total;
  } else if (res.status === 200) {
    from = 0; // The server ignored the Range request (or there was none): start over.
    const length = res.headers.get('content-length');
    total = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  } else {
    await res.body?.cancel();
    if (res.status === 404)
      throw new CircuitFault(
        'not-found',
        `The circuit archive is not at ${req.url} (HTTP 404). Check the circuit download URL, or get the archive for this marketplace another way and pass its folder with --circuit-dir.`,
      );
    throw failed(req.url, `HTTP ${res.status}`);
  }
  if (total !== undefined && total > req.maxBytes) {
    await res.body?.cancel();
    throw new CircuitFault(
      'too-large',
      `The circuit archive at ${req.url} is ${total} bytes, over the ${req.maxBytes}-byte limit; it was not downloaded.`,
    );
  }
  const file = await open(req.partPath, from === 0 ? 'w' : 'a');
  let done = from;
  let reported = 0;
  try {
    for await (const chunk of res.body ?? []) {
      onData();
      done += chunk.byteLength;
      if (done > req.maxBytes)
        throw new CircuitFault(
          'too-large',
          `The circuit archive at ${req.url} is over the ${req.maxBytes}-byte limit; the download was stopped.`,
        );
      await file.write(chunk);
      const now = performance.now();
      if (now - reported >= PROGRESS_EVERY_MS) {
        reported = now;
        req.onProgress?.(done, total);
      }
    }
    await file.sync();
  } finally {
    await file.close();
  }
  if (total !== undefined && done !== total) throw failed(req.url, 'the connection closed early');
  req.onProgress?.(done, total ?? done);
  return finish(req, done, from);
}

async function finish(req: DownloadRequest, bytes: number, resumedFrom: number): Promise<DownloadOutcome> {
  // Hashed from the disk, so what is checked is what gets unpacked.
  const actual = await sha256Of(req.partPath);
  if (actual !== req.sha256) {
    await rm(req.partPath, { force: true });
    throw new HashMismatch(
      `The archive from ${req.url} has SHA-256 ${actual}, not the marketplace's zkeyHash ${req.sha256}; it was deleted and nothing was installed. The server sent another or a corrupted file: check the circuit download URL.`,
      resumedFrom,
    );
  }
  return { bytes, resumedFrom };
}
