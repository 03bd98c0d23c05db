// Decides which alerts become OS notifications: an alert each time it becomes active (its first
// raise, a raise after it cleared or was dismissed) or gets worse, never for its repeats, only for
// severities the operator left on, and not for alerts that restate a sale outcome the outcome
// notifications already announce.
import type { AlertDto, AlertSeverity, SettingsDto } from '../api/contract';

/** A notification to show. */
export interface AlertNotification {
  alertId: number;
  /** Set when the alert is about a slot: clicking opens it. */
  slotId?: string;
  title: string;
  body: string;
}

const severityWords: Record<AlertSeverity, string> = {
  info: 'Note',
  warning: 'Warning',
  error: 'Needs attention',
  critical: 'Critical',
};

const categoryWords: Record<AlertDto['category'], string> = {
  disk: 'disk space',
  proofs: 'storage proofs',
  sales: 'a sale',
  wallet: 'the wallet',
  chain: 'the chain',
  network: 'the network',
  circuits: 'circuit files',
  storage: 'the data folder',
};

/** Longest body shown; desktop notifications cut long text anyway, and badly. */
const MAX_BODY = 240;

/** The title and body for one alert. */
export function describeAlert(alert: AlertDto): { title: string; body: string } {
  const body = alert.message.length > MAX_BODY ? `${alert.message.slice(0, MAX_BODY - 1)}…` : alert.message;
  return { title: `${severityWords[alert.severity]}: ${categoryWords[alert.category]}`, body };
}

const severityRank: Record<AlertSeverity, number> = { info: 0, warning: 1, error: 2, critical: 3 };

/** Remembers what was shown, so repeats, resyncs and restarts of the stream never notify twice. */
export class AlertNotifier {
  /** Per alert id: when it last became active, and the worst severity shown since. */
  readonly #shown = new Map<number, { openedAt: number; severity: AlertSeverity }>();
  readonly #limit: number;

  constructor(limit = 5000) {
    this.#limit = limit;
  }

  /** The notification to show for `alert`, or undefined when it is not news or its severity is off. */
  consider(alert: AlertDto, settings: SettingsDto): AlertNotification | undefined {
    if (alert.state !== 'active') return undefined;
    const before = this.#shown.get(alert.id);
    const news =
      before === undefined ||
      alert.openedAt > before.openedAt ||
      severityRank[alert.severity] > severityRank[before.severity];
    if (!news) return undefined;
    this.#shown.delete(alert.id);
    this.#shown.set(alert.id, { openedAt: alert.openedAt, severity: alert.severity });
    if (this.#shown.size > this.#limit) this.#shown.delete(this.#shown.keys().next().value as number);
    if (!settings.alerts.notify[alert.severity]) return undefined;
    const outcome = alert.data.outcome;
    if (typeof outcome === 'string' && settings.notifications[outcome as keyof SettingsDto['notifications']]) {
      return undefined;
    }
    return { alertId: alert.id, ...(alert.slotId ? { slotId: alert.slotId } : {}), ...describeAlert(alert) };
  }
}
