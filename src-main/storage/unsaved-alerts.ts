// Alerts the database could not take. The alert a read-only or full disk most needs to show,
// "data folder unwritable", is exactly one whose write fails: such alerts are kept in memory, listed
// and counted like the others (with negative ids and `data.unsaved`), until the same key is written
// after all, resolved, or dismissed.
import { alertState, needsAttention, type Alert, type AlertFilter, type AlertInput } from '../engine/index';

/** The in-memory side of the alert store. */
export class UnsavedAlerts {
  readonly #alerts = new Map<string, Alert>();
  #lastId = 0;

  /** Keeps (or repeats) an alert that could not be written; returns it as listed. */
  raise(input: AlertInput, now: number): Alert {
    const before = this.#alerts.get(input.key);
    const alert: Alert = {
      id: before?.id ?? --this.#lastId,
      key: input.key,
      category: input.category,
      severity: input.severity,
      message: input.message,
      data: { ...input.data, unsaved: true },
      firstSeen: before?.firstSeen ?? now,
      lastSeen: Math.max(before?.lastSeen ?? now, now),
      openedAt: before?.openedAt ?? now,
      count: (before?.count ?? 0) + 1,
    };
    this.#alerts.set(input.key, alert);
    return alert;
  }

  /** Forgets the alert under `key` (written after all, resolved or dismissed); returns what was kept. */
  take(key: string): Alert | undefined {
    const alert = this.#alerts.get(key);
    this.#alerts.delete(key);
    return alert;
  }

  /** The key of the kept alert with this id. */
  keyOf(id: number): string | undefined {
    for (const alert of this.#alerts.values()) if (alert.id === id) return alert.key;
    return undefined;
  }

  /** The kept alerts matching `filter` (they are all active). */
  list(filter: AlertFilter): Alert[] {
    return [...this.#alerts.values()].filter(
      (a) =>
        (!filter.severities?.length || filter.severities.includes(a.severity)) &&
        (!filter.categories?.length || filter.categories.includes(a.category)) &&
        (filter.states?.length ? filter.states : ['active']).includes(alertState(a)),
    );
  }

  /** How many of them need attention. */
  attention(): number {
    return [...this.#alerts.values()].filter(needsAttention).length;
  }

  /** Their keys. */
  keys(): string[] {
    return [...this.#alerts.keys()];
  }

  get size(): number {
    return this.#alerts.size;
  }
}
