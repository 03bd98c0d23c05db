// The dashboard window's life: remembered placement, close-to-tray, and bringing it back.
import { app, BrowserWindow, screen } from 'electron';
import { DASHBOARD_URL } from './app-protocol';
import { loadWindowState, saveWindowState } from './window-state';
import { secureWebPreferences } from './security';

/** Options of the dashboard window. */
export interface AppWindowOptions {
  preloadPath: string;
  dataDir: string;
  /** Read at close time: hide instead of closing. */
  closeToTray: () => boolean;
}

/** Owns the one dashboard window, re-creating it when it was closed. */
export class AppWindow {
  #window: BrowserWindow | undefined;
  #quitting = false;
  readonly #options: AppWindowOptions;

  constructor(options: AppWindowOptions) {
    this.#options = options;
  }

  /** The window, if one exists now. */
  get current(): BrowserWindow | undefined {
    return this.#window;
  }

  /** Lets the next close really close (the app is quitting). */
  markQuitting(): void {
    this.#quitting = true;
  }

  /** Shows the window, creating it if needed. */
  show(): BrowserWindow {
    const window = this.#window ?? this.#create();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return window;
  }

  #create(): BrowserWindow {
    const { dataDir } = this.#options;
    const placement = loadWindowState(
      dataDir,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const window = new BrowserWindow({
      width: placement?.width ?? 1280,
      height: placement?.height ?? 820,
      ...(placement && { x: placement.x, y: placement.y }),
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'Slotkeeper',
      backgroundColor: '#111418',
      webPreferences: secureWebPreferences(this.#options.preloadPath, app.isPackaged),
    });
    if (placement?.maximized) window.maximize();
    window.once('ready-to-show', () => window.show());
    const remember = () => saveWindowState(dataDir, { ...window.getNormalBounds(), maximized: window.isMaximized() });
    window.on('close', (event) => {
      remember();
      if (!this.#quitting && this.#options.closeToTray()) {
        event.preventDefault();
        window.hide();
      }
    });
    window.on('closed', () => (this.#window = undefined));
    void window.loadURL(DASHBOARD_URL);
    this.#window = window;
    return window;
  }
}
