// Shows new alerts as OS notifications; clicking one opens its slot, or the Alerts view.
import { Notification } from 'electron';
import type { AlertDto, SettingsDto } from '../api/contract';
import { AlertNotifier } from './alert-notifier';

/** Where a clicked notification takes the operator. */
export interface AlertNotificationTargets {
  openSlot(slotId: string): void;
  openAlerts(): void;
}

/** Connects alerts to Electron's Notification. */
export class AlertNotifications {
  readonly #notifier = new AlertNotifier();
  readonly #targets: AlertNotificationTargets;

  constructor(targets: AlertNotificationTargets) {
    this.#targets = targets;
  }

  /** Shows each alert that is news and switched on, once. */
  show(alerts: readonly AlertDto[], settings: SettingsDto): void {
    if (!Notification.isSupported()) return;
    for (const alert of alerts) {
      const notification = this.#notifier.consider(alert, settings);
      if (!notification) continue;
      const urgent = alert.severity === 'critical' ? { urgency: 'critical' as const } : {};
      const shown = new Notification({ title: notification.title, body: notification.body, silent: false, ...urgent });
      const { slotId } = notification;
      shown.on('click', () => (slotId ? this.#targets.openSlot(slotId) : this.#targets.openAlerts()));
      shown.show();
    }
  }

  /** Marks alerts as already shown without showing them (those active at start-up). */
  remember(alerts: readonly AlertDto[], settings: SettingsDto): void {
    for (const alert of alerts) this.#notifier.consider(alert, settings);
  }
}
