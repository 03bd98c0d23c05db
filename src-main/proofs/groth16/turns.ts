// Whose proof the one snarkjs worker makes next. A held slot's proof goes before a filling proof
// (the first proof of a slot being filled): a held proof that misses its period is slashed, a
// filling proof that waits only fills a moment later. Within a purpose, first come first served; a
// waiter whose signal aborts leaves the line.
import type { ProofPurpose } from '../../engine/index';
import { cancelledError } from './errors';

/** One proof at a time, held proofs first. */
export class ProofTurns {
  private busy = false;
  private readonly lines: Record<ProofPurpose, (() => void)[]> = { held: [], filling: [] };

  /** Resolves with the release once it is this proof's turn; rejects as cancelled if `signal` aborts first. */
  async take(purpose: ProofPurpose, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw cancelledError();
    if (!this.busy) {
      this.busy = true;
      return this.release();
    }
    const line = this.lines[purpose];
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', leave);
        resolve();
      };
      const leave = (): void => {
        line.splice(line.indexOf(grant), 1);
        reject(cancelledError());
      };
      line.push(grant);
      signal?.addEventListener('abort', leave, { once: true });
    });
    return this.release();
  }

  /** Proofs waiting for their turn. */
  get waiting(): number {
    return this.lines.held.length + this.lines.filling.length;
  }

  /** Passes the turn on once, however often it is called. */
  private release(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.next();
    };
  }

  private next(): void {
    const grant = this.lines.held.shift() ?? this.lines.filling.shift();
    // The turn passes straight to the next waiter, so `busy` stays set.
    if (grant) grant();
    else this.busy = false;
  }
}
