// Shows sale outcomes as OS notifications; clicking one brings the window up on that slot.
import { Notification } from 'electron';
import type { OutcomeDto, SettingsDto } from '../api/contract';
import { OutcomeNotifier } from './outcome-notifier';

/** Connects outcomes to Electron's Notification. */
export class OutcomeNotifications {
  readonly #notifier = new OutcomeNotifier();
  readonly #openSlot: (slotId: string) => void;

  constructor(openSlot: (slotId: string) => void) {
    this.#openSlot = openSlot;
  }

  /** Shows each new, switched-on outcome once. */
  show(outcomes: OutcomeDto[], settings: SettingsDto): void {
    if (!Notification.isSupported()) return;
    for (const outcome of outcomes) {
      const notification = this.#notifier.consider(outcome, settings);
      if (!notification) continue;
      const shown = new Notification({ title: notification.title, body: notification.body, silent: false });
      shown.on('click', () => this.#openSlot(notification.slotId));
      shown.show();
    }
  }

  /** Marks outcomes as already shown without showing them (those present at start-up). */
  remember(outcomes: OutcomeDto[], settings: SettingsDto): void {
    for (const outcome of outcomes) this.#notifier.consider(outcome, settings);
  }
}
