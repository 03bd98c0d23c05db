// The alerter port (STYLE practice 10): problems the operator must act on are raised as alerts, at
// once, whether a window is open or not. An alert is keyed by what it is about, so raising it again
// counts a repeat instead of adding a row; resolving it says the condition has cleared. The store
// behind it (persisted, listed and dismissed in the dashboard) lives outside the engine.

/** How urgent an alert is. */
export type AlertSeverity = 'info' | 'warning' | 'error' | 'critical';

/** What an alert is about. */
export type AlertCategory = 'disk' | 'proofs' | 'sales' | 'wallet' | 'chain' | 'network' | 'circuits' | 'storage';

/** An alert as raised. */
export interface AlertInput {
  /** Identifies the condition, e.g. `disk-below-quota` or `proof-missed:<slotId>`; a repeat raises the count. */
  readonly key: string;
  readonly category: AlertCategory;
  readonly severity: AlertSeverity;
  /** What happened and what to do, in the operator's words. */
  readonly message: string;
  /** Facts for the dashboard (slot id, amounts as decimal strings, …). */
  readonly data?: Readonly<Record<string, string | number | boolean>>;
}

/** Where the engine raises alerts. */
export interface Alerter {
  /** Raises (or repeats) an alert. Never throws. */
  raise(alert: AlertInput): void;
  /** The condition behind `key` has cleared. Never throws. */
  resolve(key: string): void;
}

/** An alerter that drops everything, for tests and tools that do not watch alerts. */
export const silentAlerter: Alerter = { raise: () => {}, resolve: () => {} };
