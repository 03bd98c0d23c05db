// Conditions checked over and over (disk, circuit files, wallet, reachability) raise only when they
// start or change severity, and resolve once when they clear: a check every minute must not count
// a new occurrence every minute, nor bring back an alert the operator dismissed.
import type { Alerter, AlertInput, AlertSeverity } from '../ports/alerter';

/** An alert already active when the tracker starts (read from the store after a restart). */
export interface ActiveCondition {
  readonly key: string;
  readonly severity: AlertSeverity;
}

/** Edge-triggered raising for conditions that are re-checked periodically. */
export class AlertConditions {
  readonly #alerter: Alerter;
  /** Keys raised and not resolved since, with the severity they were raised at. */
  readonly #raised = new Map<string, AlertSeverity>();
  /** Keys known to be clear. */
  readonly #clear = new Set<string>();

  constructor(alerter: Alerter, active: Iterable<ActiveCondition> = []) {
    this.#alerter = alerter;
    for (const condition of active) this.#raised.set(condition.key, condition.severity);
  }

  /** Reports a check of `key`: the alert while the condition holds, undefined when it is clear. */
  update(key: string, alert: AlertInput | undefined): void {
    if (alert !== undefined) {
      if (this.#raised.get(key) === alert.severity) return;
      this.#raised.set(key, alert.severity);
      this.#clear.delete(key);
      this.#alerter.raise({ ...alert, key });
      return;
    }
    if (this.#clear.has(key)) return;
    this.#raised.delete(key);
    this.#clear.add(key);
    this.#alerter.resolve(key);
  }

  /** Whether `key` is raised now, as far as this tracker knows. */
  isRaised(key: string): boolean {
    return this.#raised.has(key);
  }
}
