// The tray icon: shows whether Slotkeeper is selling, paused or needs attention, and offers the
// few things an operator does without opening the window.
import { Menu, nativeImage, Tray } from 'electron';
import { join } from 'node:path';
import type { SellingStatus } from '../api/contract';

/** What the tray's menu items do. */
export interface TrayActions {
  open(): void;
  /** Opens the window on the Alerts view. */
  openAlerts(): void;
  setSellingPaused(paused: boolean): void;
  quit(): void;
}

const tooltips: Record<SellingStatus, string> = {
  selling: 'Slotkeeper — selling',
  paused: 'Slotkeeper — selling paused',
  attention: 'Slotkeeper — needs attention',
};

const alertsLine = (attention: number) =>
  attention === 1 ? '1 alert needs attention' : `${attention} alerts need attention`;

/** A tray that follows the selling status and counts the alerts that need attention. */
export class StatusTray {
  readonly #tray: Tray;
  readonly #resources: string;
  readonly #actions: TrayActions;
  #status: SellingStatus | undefined;
  #attention = 0;

  constructor(resourcesDir: string, actions: TrayActions) {
    this.#resources = resourcesDir;
    this.#actions = actions;
    this.#tray = new Tray(this.#icon('selling'));
    this.#tray.on('click', () => actions.open());
    this.show('selling');
  }

  #icon(status: SellingStatus) {
    return nativeImage.createFromPath(join(this.#resources, `tray-${status}.png`));
  }

  /**
   * Updates icon, tooltip and menu; a repeat of the same status and count does nothing. Alerts
   * needing attention are named even while paused: pausing sales does not fix a full disk.
   */
  show(status: SellingStatus, attention = this.#attention): void {
    if (status === this.#status && attention === this.#attention) return;
    this.#status = status;
    this.#attention = attention;
    this.#tray.setImage(this.#icon(status));
    this.#tray.setToolTip(
      attention === 0
        ? tooltips[status]
        : status === 'attention'
          ? `Slotkeeper — ${alertsLine(attention)}`
          : `${tooltips[status]} — ${alertsLine(attention)}`,
    );
    const paused = status === 'paused';
    const alerts =
      attention > 0 ? [{ label: `${alertsLine(attention)}…`, click: () => this.#actions.openAlerts() }] : [];
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Slotkeeper', click: () => this.#actions.open() },
        ...alerts,
        { type: 'separator' },
        paused
          ? { label: 'Resume selling', click: () => this.#actions.setSellingPaused(false) }
          : { label: 'Pause selling', click: () => this.#actions.setSellingPaused(true) },
        { type: 'separator' },
        { label: 'Quit Slotkeeper', click: () => this.#actions.quit() },
      ]),
    );
  }

  /** The status shown now. */
  get status(): SellingStatus | undefined {
    return this.#status;
  }

  /** How many alerts the tray says need attention. */
  get attention(): number {
    return this.#attention;
  }

  destroy(): void {
    this.#tray.destroy();
  }
}
