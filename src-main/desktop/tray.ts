// The tray icon: shows whether Slotkeeper is selling, paused or needs attention, and offers the
// few things an operator does without opening the window.
import { Menu, nativeImage, Tray } from 'electron';
import { join } from 'node:path';
import type { SellingStatus } from '../api/contract';

/** What the tray's menu items do. */
export interface TrayActions {
  open(): void;
  setSellingPaused(paused: boolean): void;
  quit(): void;
}

const tooltips: Record<SellingStatus, string> = {
  selling: 'Slotkeeper — selling',
  paused: 'Slotkeeper — selling paused',
  attention: 'Slotkeeper — needs attention',
  idle: 'Slotkeeper — nothing offered for sale',
};

/** Each status's icon: offering nothing looks like paused (no slot is taken either way). */
const icons: Record<SellingStatus, string> = {
  selling: 'selling',
  paused: 'paused',
  attention: 'attention',
  idle: 'paused',
};

/** A tray that follows the selling status. */
export class StatusTray {
  readonly #tray: Tray;
  readonly #resources: string;
  readonly #actions: TrayActions;
  #status: SellingStatus | undefined;

  constructor(resourcesDir: string, actions: TrayActions) {
    this.#resources = resourcesDir;
    this.#actions = actions;
    this.#tray = new Tray(this.#icon('selling'));
    this.#tray.on('click', () => actions.open());
    this.show('selling');
  }

  #icon(status: SellingStatus) {
    return nativeImage.createFromPath(join(this.#resources, `tray-${icons[status]}.png`));
  }

  /** Updates icon, tooltip and menu; a repeat of the same status does nothing. */
  show(status: SellingStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#tray.setImage(this.#icon(status));
    this.#tray.setToolTip(tooltips[status]);
    const paused = status === 'paused';
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Slotkeeper', click: () => this.#actions.open() },
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

  destroy(): void {
    this.#tray.destroy();
  }
}
