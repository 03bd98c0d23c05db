// The circuit files of one market as the proof system sees them: ready (located and checked), or
// not ready with the reason and, while downloading, how far it got. A download starts on demand,
// the first time readiness is asked and the files are not there (never with --circuit-dir); a
// failed one is tried again after a pause that doubles up to 30 minutes, so a wrong zkeyHash does
// not fetch a large archive every few seconds.
import type { Logger, ProofReadiness } from '../../engine/index';
import type { Groth16Files } from '../groth16';
import { ensureCircuit, type CircuitProgress, type EnsureCircuitOptions } from './ensure';
import { archiveUrl, DEFAULT_CIRCUIT_BASE_URL } from './files';
import { locateCircuit } from './locate';
import type { CircuitProblem } from './problems';

/** Which circuit, where it may be, and how to download it. */
export interface MarketCircuitOptions extends Omit<EnsureCircuitOptions, 'signal' | 'onProgress'> {
  /** Told of every progress step of a download (the dashboard's progress bar). */
  readonly onProgress?: (progress: CircuitProgress) => void;
  readonly logger?: Logger;
  /** Pause after the first failed download; doubles after each further one, up to 30 min. Default 60 s. */
  readonly retryAfterMs?: number;
  /** The clock for the retry pause (tests). Default Date.now. */
  readonly now?: () => number;
}

/** The circuit is not usable now; the message says what to do. */
export class CircuitNotReadyError extends Error {
  override readonly name = 'CircuitNotReadyError';
}

const MAX_RETRY_MS = 30 * 60_000;

/** A market's circuit files, found or fetched on demand. */
export class MarketCircuit {
  readonly #options: MarketCircuitOptions;
  readonly #listeners = new Set<() => void>();
  readonly #abort = new AbortController();
  #download: Promise<void> | undefined;
  #progress: CircuitProgress | undefined;
  #failure: { problem: CircuitProblem; retryAt: number; failures: number } | undefined;

  constructor(options: MarketCircuitOptions) {
    this.#options = options;
  }

  /** Where a download fetches from. */
  get url(): string {
    return archiveUrl(this.#options.baseUrl ?? DEFAULT_CIRCUIT_BASE_URL, this.#options.zkeyHash);
  }

  /** Ready when the files are there and pass the checks; otherwise why not (starting a download if that helps). */
  async readiness(): Promise<ProofReadiness> {
    if (this.#download) return this.#downloading();
    const found = await locateCircuit(this.#options);
    if (found.ok) return { ready: true };
    const { code, message } = found.problem;
    if (this.#options.circuitDir !== undefined || code === 'bad-zkey-hash' || this.#abort.signal.aborted)
      return { ready: false, reason: message };
    const failure = this.#failure;
    if (failure && this.#now() < failure.retryAt)
      return {
        ready: false,
        reason: `${failure.problem.message} Slotkeeper tries the download again in ${retryText(failure.retryAt - this.#now())}.`,
      };
    this.#startDownload();
    return this.#downloading();
  }

  /** The checked files; throws CircuitNotReadyError with the reason when they are not usable. */
  async files(): Promise<Groth16Files> {
    const found = await locateCircuit(this.#options);
    if (found.ok) return found.files;
    throw new CircuitNotReadyError(this.#download ? this.#downloadingReason() : found.problem.message);
  }

  /** Calls `listener` when readiness may have changed; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops a running download (what arrived is kept for the next start). */
  async close(): Promise<void> {
    this.#abort.abort();
    await this.#download;
  }

  #startDownload(): void {
    const { logger } = this.#options;
    this.#progress = undefined;
    logger?.info('downloading circuit files', { zkeyHash: this.#options.zkeyHash, url: this.url });
    this.#download = ensureCircuit({
      ...this.#options,
      signal: this.#abort.signal,
      onProgress: (progress) => {
        this.#progress = progress;
        this.#options.onProgress?.(progress);
        this.#changed();
      },
    })
      .then(
        (location) => {
          if (location.ok) {
            this.#failure = undefined;
            logger?.info('circuit files installed', { dir: location.dir });
          } else this.#failed(location.problem);
        },
        (error: unknown) =>
          this.#failed({ code: 'download-failed', message: `The circuit download failed: ${String(error)}.` }),
      )
      .finally(() => {
        this.#download = undefined;
        this.#changed();
      });
  }

  #failed(problem: CircuitProblem): void {
    if (problem.code === 'cancelled') return;
    const failures = (this.#failure?.failures ?? 0) + 1;
    const pause = Math.min(MAX_RETRY_MS, (this.#options.retryAfterMs ?? 60_000) * 2 ** (failures - 1));
    this.#failure = { problem, retryAt: this.#now() + pause, failures };
    this.#options.logger?.warn('circuit download failed', { code: problem.code, message: problem.message });
  }

  #downloading(): ProofReadiness {
    const p = this.#progress;
    const phase = p?.phase === 'installing' || p?.phase === 'installed' ? 'installing' : 'downloading';
    return {
      ready: false,
      reason: this.#downloadingReason(),
      progress: {
        phase,
        bytesDone: p?.bytesDone ?? 0,
        ...(p?.bytesTotal !== undefined ? { bytesTotal: p.bytesTotal } : {}),
      },
    };
  }

  #downloadingReason(): string {
    return `The circuit files of this marketplace (zkeyHash ${this.#options.zkeyHash}) are being downloaded from ${this.url}; selling starts once they are installed.`;
  }

  #changed(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error) {
        this.#options.logger?.warn('a circuit readiness listener failed', { error: String(error) });
      }
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}

function retryText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}
