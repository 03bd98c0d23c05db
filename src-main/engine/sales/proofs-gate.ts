// Selling is refused while the proof system cannot prove (circuit files missing, damaged or still
// downloading): a slot taken then would be reserved, downloaded and collateralised for a fill whose
// proof cannot be made. The gate asks the proof system at start, whenever it says something
// changed, on a timer, and before each slot is taken; Sales holds its queue while the answer is no.
// The operator hears it as one alert per reason, resolved once proofs can be made again.
import type { Alerter } from '../ports/alerter';
import type { Logger } from '../ports/logger';
import type { ProofReadiness, ProofSystem } from '../ports/proof-system';
import { errorMessage } from './errors';

/** The alert raised while proofs cannot be made (alert key, category `circuits`). */
export const PROOFS_NOT_READY_ALERT = 'circuit-files-missing';

/** How often readiness is asked again by default (wall-clock ms). */
export const PROOFS_RECHECK_MS = 30_000;

/** What the gate asks and tells. */
export interface ProofsGateOptions {
  readonly proofSystem: Pick<ProofSystem, 'readiness' | 'onReadinessChange'>;
  readonly alerter: Alerter;
  readonly logger: Logger;
  /** Wall-clock ms between checks; 0 turns the timer off. */
  readonly recheckMs: number;
  /** Called with every new answer (ready, reason or progress changed). */
  readonly onChange: (readiness: ProofReadiness) => void;
}

/** Tracks whether the proof system can prove, and raises or resolves the alert. */
export class ProofsGate {
  readonly #options: ProofsGateOptions;
  #current: ProofReadiness = { ready: false, reason: 'Slotkeeper has not yet checked that it can build proofs.' };
  #alerted: string | undefined;
  #checking: Promise<ProofReadiness> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(options: ProofsGateOptions) {
    this.#options = options;
  }

  /** The last answer. */
  get current(): ProofReadiness {
    return this.#current;
  }

  /** Checks once (awaited), then on every change the proof system reports and on the timer. */
  async start(): Promise<void> {
    await this.check();
    this.#unsubscribe = this.#options.proofSystem.onReadinessChange?.(() => void this.check());
    if (this.#options.recheckMs > 0) {
      this.#timer = setInterval(() => void this.check(), this.#options.recheckMs);
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Asks the proof system now (joining a check already running) and returns the answer. */
  check(): Promise<ProofReadiness> {
    this.#checking ??= this.#ask().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  async #ask(): Promise<ProofReadiness> {
    let readiness: ProofReadiness;
    try {
      readiness = await this.#options.proofSystem.readiness();
    } catch (error) {
      readiness = { ready: false, reason: `Checking the proof system failed: ${errorMessage(error)}.` };
    }
    if (!sameReadiness(readiness, this.#current)) {
      const before = this.#current;
      this.#current = readiness;
      if (before.ready !== readiness.ready)
        this.#options.logger[readiness.ready ? 'info' : 'warn'](
          readiness.ready ? 'proofs can be made: selling resumes' : 'proofs cannot be made: selling is held',
          readiness.ready ? {} : { reason: readiness.reason },
        );
      this.#alert(readiness);
      this.#options.onChange(readiness);
    }
    return readiness;
  }

  // One alert per reason: download progress changes nothing, a new reason raises again.
  #alert(readiness: ProofReadiness): void {
    const { alerter } = this.#options;
    if (readiness.ready) {
      if (this.#alerted !== undefined) alerter.resolve(PROOFS_NOT_READY_ALERT);
      this.#alerted = undefined;
      return;
    }
    if (this.#alerted === readiness.reason) return;
    this.#alerted = readiness.reason;
    const downloading = readiness.progress !== undefined;
    alerter.raise({
      key: PROOFS_NOT_READY_ALERT,
      category: 'circuits',
      severity: downloading ? 'warning' : 'critical',
      message: downloading
        ? `Selling waits for the circuit files: ${readiness.reason}`
        : `Slotkeeper cannot build storage proofs: ${readiness.reason} Selling is refused until this is fixed.`,
      data: { reason: readiness.reason },
    });
  }
}

function sameReadiness(a: ProofReadiness, b: ProofReadiness): boolean {
  if (a.ready || b.ready) return a.ready === b.ready;
  const p = a.progress;
  const q = b.progress;
  return (
    a.reason === b.reason && p?.phase === q?.phase && p?.bytesDone === q?.bytesDone && p?.bytesTotal === q?.bytesTotal
  );
}
