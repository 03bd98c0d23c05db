// An Alerter that keeps what it is told, for tests that check which alerts the engine raises.
import type { AlertInput, Alerter } from '../../src-main/engine/index';

/** Records raised alerts (every repeat) and resolved keys. */
export class RecordingAlerter implements Alerter {
  readonly raised: AlertInput[] = [];
  readonly resolved: string[] = [];
  private readonly open = new Set<string>();

  raise(alert: AlertInput): void {
    this.raised.push(alert);
    this.open.add(alert.key);
  }

  resolve(key: string): void {
    this.resolved.push(key);
    this.open.delete(key);
  }

  /** Whether `key` was raised and not resolved since. */
  isActive(key: string): boolean {
    return this.open.has(key);
  }

  /** The alerts raised under `key`, repeats included. */
  of(key: string): AlertInput[] {
    return this.raised.filter((alert) => alert.key === key);
  }
}
