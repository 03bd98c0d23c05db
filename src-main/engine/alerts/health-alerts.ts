// Alerts about the host's own footing: a data folder it cannot write, a chain RPC endpoint or
// data-plane peers it cannot reach. The write hook is called from every write path that fails;
// reachability is tracked per call, so a caller may report every request without writing per call.
import type { Alerter, AlertInput } from '../ports/alerter';
import { AlertKeys } from './keys';

/** A failed write to the data folder. */
export interface WriteFailure {
  /** What was being written, in the operator's words: "slot data", "the sales database", … */
  readonly what: string;
  /** The file or folder. */
  readonly path: string;
  readonly error: unknown;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The alert for a failed write to the data folder (`data-folder-unwritable`, critical). */
export function dataFolderUnwritableAlert(failure: WriteFailure): AlertInput {
  const reason = messageOf(failure.error);
  return {
    key: AlertKeys.dataFolderUnwritable,
    category: 'storage',
    severity: 'critical',
    message:
      `Slotkeeper could not write ${failure.what} (${failure.path}: ${reason}). Sales cannot store data or ` +
      'record what happens: check that the disk is mounted read-write, is not full, and that the folder belongs to this user.',
    data: { what: failure.what, path: failure.path, reason },
  };
}

/** A write to the data folder failed (`data-folder-unwritable`, critical). Call it from any failing write path. */
export function raiseDataFolderUnwritable(alerter: Alerter, failure: WriteFailure): void {
  alerter.raise(dataFolderUnwritableAlert(failure));
}

/** Writes to the data folder succeed again. */
export function resolveDataFolderUnwritable(alerter: Alerter): void {
  alerter.resolve(AlertKeys.dataFolderUnwritable);
}

/** The alert for a chain RPC endpoint that does not answer (`chain-unreachable`, error). */
export function chainUnreachableAlert(failure: { readonly url: string; readonly error: unknown }): AlertInput {
  const reason = messageOf(failure.error);
  return {
    key: AlertKeys.chainUnreachable,
    category: 'chain',
    severity: 'error',
    message:
      `The chain's RPC endpoint ${failure.url} does not answer (${reason}). Proofs cannot be submitted and ` +
      'slots will be slashed: check the network, or point --rpc-url at another endpoint.',
    data: { url: failure.url, reason },
  };
}

/** The chain's RPC endpoint does not answer (`chain-unreachable`, error). */
export function raiseChainUnreachable(
  alerter: Alerter,
  failure: { readonly url: string; readonly error: unknown },
): void {
  alerter.raise(chainUnreachableAlert(failure));
}

/** The chain answers again. */
export function resolveChainUnreachable(alerter: Alerter): void {
  alerter.resolve(AlertKeys.chainUnreachable);
}

/** No data-plane peer can be reached (`peers-unreachable`, warning). */
export function raisePeersUnreachable(
  alerter: Alerter,
  failure: { readonly tried: number; readonly error?: unknown },
): void {
  const reason = failure.error === undefined ? '' : ` (${messageOf(failure.error)})`;
  alerter.raise({
    key: AlertKeys.peersUnreachable,
    category: 'network',
    severity: 'warning',
    message:
      `None of the ${failure.tried} peers tried could be reached${reason}. Slot data cannot be downloaded: check ` +
      'the network, the firewall and --listen-addrs, --bootstrap-node or --peer.',
    data: { tried: failure.tried, ...(failure.error === undefined ? {} : { reason: messageOf(failure.error) }) },
  });
}

/** A peer answers again. */
export function resolvePeersUnreachable(alerter: Alerter): void {
  alerter.resolve(AlertKeys.peersUnreachable);
}

/**
 * Follows the calls to one remote (the chain, the peers): raises after `failuresBeforeAlert`
 * failures in a row, so one dropped request is no alert, and resolves on the next success. The
 * alerter is called only when that changes, so reporting every call costs nothing.
 */
export class Reachability {
  readonly #raise: (error: unknown) => void;
  readonly #resolve: () => void;
  readonly #threshold: number;
  #failures = 0;
  #raised = false;

  constructor(raise: (error: unknown) => void, resolve: () => void, failuresBeforeAlert = 3) {
    this.#raise = raise;
    this.#resolve = resolve;
    this.#threshold = Math.max(1, failuresBeforeAlert);
  }

  /** A call failed. */
  failed(error: unknown): void {
    this.#failures++;
    if (this.#raised || this.#failures < this.#threshold) return;
    this.#raised = true;
    this.#raise(error);
  }

  /** A call succeeded. */
  reached(): void {
    this.#failures = 0;
    if (!this.#raised) return;
    this.#raised = false;
    this.#resolve();
  }

  /** Whether the alert is raised now. */
  get unreachable(): boolean {
    return this.#raised;
  }
}

/** Reachability of the chain's RPC endpoint at `url`. */
export function chainReachability(alerter: Alerter, url: string, failuresBeforeAlert = 3): Reachability {
  return new Reachability(
    (error) => raiseChainUnreachable(alerter, { url, error }),
    () => resolveChainUnreachable(alerter),
    failuresBeforeAlert,
  );
}
