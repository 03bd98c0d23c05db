// A full, read-only or unwritable data folder stops the taking of new slots (each would fail the
// same way, after reserving collateral on chain) while the slots already held go on being proven:
// proofs read, they do not write. The gate closes on the first write a disk fault refused, asks the
// repo on a timer whether it takes writes again, and opens once it does (docs/alerts.md).
import { StorageFaultError } from '../errors';
import type { Logger } from '../ports/logger';
import type { Repo } from '../ports/store';
import { errorMessage } from './errors';

/** How often a closed gate asks the disk again by default (wall-clock ms). */
export const DISK_RECHECK_MS = 30_000;

/** What the gate asks and tells. */
export interface DiskGateOptions {
  readonly repo: Pick<Repo, 'checkWritable'>;
  readonly logger: Logger;
  /** Wall-clock ms between checks while closed. */
  readonly recheckMs: number;
  /** Called when the gate closes (with the fault) or opens again (undefined). */
  readonly onChange: (fault: StorageFaultError | undefined) => void;
}

/** Whether the data folder takes writes, as the last refused write and the checks since say. */
export class DiskGate {
  readonly #options: DiskGateOptions;
  #fault: StorageFaultError | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #checking = false;

  constructor(options: DiskGateOptions) {
    this.#options = options;
  }

  /** The fault that closed the gate; undefined while the disk takes writes. */
  get fault(): StorageFaultError | undefined {
    return this.#fault;
  }

  /** A write failed because of the disk: close the gate until the disk takes writes again. */
  report(fault: StorageFaultError): void {
    const first = this.#fault === undefined;
    this.#fault = fault;
    if (!first) return;
    this.#options.logger.warn('the data folder refused a write: no new slot is taken until it takes writes again', {
      error: fault.message,
    });
    this.#timer = setInterval(() => void this.#recheck(), this.#options.recheckMs);
    (this.#timer as { unref?: () => void }).unref?.();
    this.#options.onChange(fault);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #recheck(): Promise<void> {
    if (this.#checking || this.#fault === undefined) return;
    this.#checking = true;
    try {
      await this.#options.repo.checkWritable();
    } catch (error) {
      if (error instanceof StorageFaultError) this.#fault = error;
      else this.#options.logger.warn('checking the data folder failed', { error: errorMessage(error) });
      return;
    } finally {
      this.#checking = false;
    }
    this.stop();
    this.#fault = undefined;
    this.#options.logger.info('the data folder takes writes again: selling resumes');
    this.#options.onChange(undefined);
  }
}
