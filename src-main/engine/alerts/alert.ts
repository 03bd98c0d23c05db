// The Alert model as the operator sees it (STYLE practice 10): one record per condition key, with
// how often and since when it was seen, and whether it cleared or the operator dismissed it. The
// engine only raises and resolves (ports/alerter.ts); the store behind it keeps these records.
import type { AlertCategory, AlertInput, AlertSeverity } from '../ports/alerter';

/** Every severity, least urgent first (the order filters and counts use). */
export const AlertSeverities = ['info', 'warning', 'error', 'critical'] as const satisfies readonly AlertSeverity[];

/** Every category an alert can have. */
export const AlertCategories = [
  'disk',
  'proofs',
  'sales',
  'wallet',
  'chain',
  'network',
  'circuits',
  'storage',
] as const satisfies readonly AlertCategory[];

/** Where an alert stands: still true, cleared by the engine, or put away by the operator. */
export type AlertState = 'active' | 'resolved' | 'dismissed';

/** Every alert state. */
export const AlertStates = ['active', 'resolved', 'dismissed'] as const satisfies readonly AlertState[];

/** One alert as kept: the latest raise's facts plus its history in counts and times (unix seconds). */
export interface Alert {
  /** Stable row id; dismiss by it or by key. */
  readonly id: number;
  readonly key: string;
  readonly category: AlertCategory;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly data: NonNullable<AlertInput['data']>;
  /** The very first raise. */
  readonly firstSeen: number;
  /** The latest raise. */
  readonly lastSeen: number;
  /** When it last became active: its first raise, or a raise after it was resolved or dismissed. */
  readonly openedAt: number;
  /** How many times it was raised. */
  readonly count: number;
  /** Set while the condition has cleared (until raised again). */
  readonly resolvedAt?: number;
  /** Set while the operator has put it away (until raised again). */
  readonly dismissedAt?: number;
}

/** The state an alert record is in. */
export function alertState(alert: Pick<Alert, 'resolvedAt' | 'dismissedAt'>): AlertState {
  if (alert.dismissedAt !== undefined) return 'dismissed';
  return alert.resolvedAt === undefined ? 'active' : 'resolved';
}

/** Whether an alert counts towards "needs attention": active, not dismissed, error or worse. */
export function needsAttention(alert: Pick<Alert, 'severity' | 'resolvedAt' | 'dismissedAt'>): boolean {
  return alertState(alert) === 'active' && (alert.severity === 'error' || alert.severity === 'critical');
}

/** Which alerts to list or dismiss; absent fields match everything. */
export interface AlertFilter {
  readonly severities?: readonly AlertSeverity[];
  readonly categories?: readonly AlertCategory[];
  /** Default for listing: active and resolved (everything not dismissed). */
  readonly states?: readonly AlertState[];
}
