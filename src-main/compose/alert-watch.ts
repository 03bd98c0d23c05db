// The host checks behind issue 15's alerts, run at start, on a timer and when the operator changes
// a low mark: the quota against the disk's free space, the proof system's readiness (circuit
// files), the wallet against its low marks, and a small write into the repo folder (a disk
// remounted read-only, or full, shows here even while no sale writes). Each check feeds
// AlertConditions, so a lasting condition is one alert, not one per check.
import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  AlertConditions,
  AlertKeys,
  circuitsAlert,
  dataFolderUnwritableAlert,
  defaultWalletThresholds,
  diskAlert,
  errorMessage,
  walletAlerts,
  type ActiveCondition,
  type Alerter,
  type AlertInput,
  type Logger,
  type ProofSystem,
  type RepoQuota,
  type TokenInfo,
  type Wallet,
  type WalletThresholds,
} from '../engine/index';

/** How often the checks run unless told otherwise: often enough to warn well before a disk fills. */
export const ALERT_CHECK_INTERVAL_MS = 30_000;

/** What the checks read. */
export interface AlertWatchDeps {
  readonly alerter: Alerter;
  /** Conditions the store still has unresolved from the last run, so they are not counted again. */
  readonly unresolved?: readonly ActiveCondition[];
  readonly quota: () => RepoQuota;
  readonly proofSystem: Pick<ProofSystem, 'readiness'>;
  readonly wallet: Pick<Wallet, 'address' | 'token' | 'balances'>;
  /** The operator's low marks as decimal strings; absent marks take the defaults. */
  readonly lowMarks: () => { readonly minTokenBalance?: string; readonly minGasBalance?: string };
  /** The folder the write check writes into (the data folder, beside the databases). */
  readonly probeDir: string;
  readonly logger: Logger;
  readonly intervalMs?: number;
}

/** Runs the host checks; stop() ends the timer. */
export class AlertWatch {
  readonly #deps: AlertWatchDeps;
  readonly #conditions: AlertConditions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #token: TokenInfo | undefined;
  #running: Promise<void> | undefined;

  constructor(deps: AlertWatchDeps) {
    this.#deps = deps;
    this.#conditions = new AlertConditions(deps.alerter, deps.unresolved);
  }

  /** Checks now, then every interval. */
  async start(): Promise<void> {
    await this.checkNow();
    this.#timer = setInterval(() => void this.checkNow(), this.#deps.intervalMs ?? ALERT_CHECK_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Runs every check once (a check already running is joined, not doubled). */
  checkNow(): Promise<void> {
    this.#running ??= this.#checkAll().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** The quota against the disk: cheap, so it also runs whenever availabilities change. */
  checkDisk(): void {
    this.#guard('disk', () => this.#conditions.update(AlertKeys.diskBelowQuota, diskAlert(this.#deps.quota())));
  }

  async #checkAll(): Promise<void> {
    this.checkDisk();
    this.#guard('data folder', () => this.#probe());
    await this.#guardAsync('circuit files', async () => {
      const readiness = await this.#deps.proofSystem
        .readiness()
        .catch((error: unknown) => ({ ready: false as const, reason: `${errorMessage(error)}.` }));
      this.#conditions.update(AlertKeys.circuitFilesMissing, circuitsAlert(readiness));
    });
    await this.#guardAsync('wallet', () => this.#checkWallet());
  }

  async #checkWallet(): Promise<void> {
    const { wallet } = this.#deps;
    this.#token ??= await wallet.token();
    const balances = await wallet.balances();
    const found = walletAlerts(wallet.address, balances, this.#token, this.#thresholds(this.#token));
    this.#conditions.update(AlertKeys.walletLowTokens, found.tokens);
    this.#conditions.update(AlertKeys.walletLowGas, found.gas);
  }

  #thresholds(token: TokenInfo): WalletThresholds {
    const marks = this.#deps.lowMarks();
    const defaults = defaultWalletThresholds(token);
    return {
      minTokens: marks.minTokenBalance === undefined ? defaults.minTokens : BigInt(marks.minTokenBalance),
      minGas: marks.minGasBalance === undefined ? defaults.minGas : BigInt(marks.minGasBalance),
    };
  }

  /** Writes, flushes and removes a small file: fails as the real writes would on a read-only or full disk. */
  #probe(): void {
    const path = join(this.#deps.probeDir, '.write-check');
    let failure: AlertInput | undefined;
    try {
      const fd = openSync(path, 'w', 0o600);
      try {
        writeSync(fd, 'slotkeeper write check\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      unlinkSync(path);
    } catch (error) {
      failure = dataFolderUnwritableAlert({ what: 'a test file into its data folder', path, error });
    }
    this.#conditions.update(AlertKeys.dataFolderUnwritable, failure);
  }

  #guard(check: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.#deps.logger.warn(`the ${check} check failed`, { error: errorMessage(error) });
    }
  }

  async #guardAsync(check: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      // A wallet the market cannot read now is the chain alert's business, not a low balance.
      this.#deps.logger.warn(`the ${check} check failed`, { error: errorMessage(error) });
    }
  }
}
