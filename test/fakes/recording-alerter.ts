// An Alerter that records every raise and resolve, for engine tests that check what the operator
// is told (STYLE practice 16: "a recording alerter").
import type { Alerter, AlertInput } from '../../src-main/engine/index';

/** One call the engine made. */
export type AlerterCall = { raise: AlertInput } | { resolve: string };

/** Records calls in order; `raised(prefix)` filters the raises by key prefix. */
export class RecordingAlerter implements Alerter {
  readonly calls: AlerterCall[] = [];

  raise(alert: AlertInput): void {
    this.calls.push({ raise: alert });
  }

  resolve(key: string): void {
    this.calls.push({ resolve: key });
  }

  /** The alerts raised, in order, whose key starts with `prefix`. */
  raised(prefix = ''): AlertInput[] {
    return this.calls.flatMap((c) => ('raise' in c && c.raise.key.startsWith(prefix) ? [c.raise] : []));
  }

  /** The keys resolved, in order. */
  resolved(): string[] {
    return this.calls.flatMap((c) => ('resolve' in c ? [c.resolve] : []));
  }
}
