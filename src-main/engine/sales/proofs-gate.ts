// Selling is refused while the proof system cannot prove (circuit files missing, damaged or still
// downloading): a slot taken then would be reserved, downloaded and collateralised for a fill whose
// proof cannot be made. The gate asks the proof system at start, whenever it says something
// changed, on a timer, and before each slot is taken; Sales holds its queue while the answer is no.
// The operator hears it through the host's alert watch (compose/alert-watch.ts), which follows
// Sales' proofs-readiness-changed events: one owner for the `circuit-files-missing` alert.
import type { Logger } from '../ports/logger';
import type { ProofReadiness, ProofSystem } from '../ports/proof-system';
import { errorMessage } from './errors';

/** How often readiness is asked again by default (wall-clock ms). */
export const PROOFS_RECHECK_MS = 30_000;

/** What the gate asks and tells. */
export interface ProofsGateOptions {
  readonly proofSystem: Pick<ProofSystem, 'readiness' | 'onReadinessChange'>;
  readonly logger: Logger;
  /** Wall-clock ms between checks; 0 turns the timer off. */
  readonly recheckMs: number;
  /** Called with every new answer (ready, reason or progress changed). */
  readonly onChange: (readiness: ProofReadiness) => void;
}

/** Tracks whether the proof system can prove. */
export class ProofsGate {
  readonly #options: ProofsGateOptions;
  #current: ProofReadiness = { ready: false, reason: 'Slotkeeper has not yet checked that it can build proofs.' };
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
      this.#options.onChange(readiness);
    }
    return readiness;
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
