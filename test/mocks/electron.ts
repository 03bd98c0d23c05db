// The only Electron mock: just enough of the API for desktop/ to run under Node, recording what
// the app asked of Electron so tests can assert it.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

class MockWebContents extends EventEmitter {
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return false;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  devToolsClosed = 0;
  closeDevTools(): void {
    this.devToolsClosed++;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new MockWebContents();
  loadedFile: string | undefined;
  loadedUrl: string | undefined;
  visible = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  async loadFile(path: string): Promise<void> {
    this.loadedFile = path;
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  maximize(): void {}
  restore(): void {}
  focus(): void {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  getNormalBounds() {
    return {
      x: 10,
      y: 20,
      width: (this.options.width as number) ?? 800,
      height: (this.options.height as number) ?? 600,
    };
  }
}

class MockApp extends EventEmitter {
  hasLock = true;
  /** Electron's app.isPackaged: false when run from sources, as tests do unless they say otherwise. */
  isPackaged = false;
  /** Whether whenReady() has resolved (privileged schemes must be registered before). */
  readyFired = false;
  userData = '/tmp/slotkeeper-test';
  quit = vi.fn();
  exit = vi.fn();
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve().then(() => {
      this.readyFired = true;
    });
  }
  getPath(): string {
    return this.userData;
  }
}

export const app = new MockApp();

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

/** A privileged scheme as the app registered it. */
export interface SchemeRegistration {
  scheme: string;
  privileges?: Record<string, boolean>;
}

export const protocol = {
  privileged: [] as SchemeRegistration[],
  registeredBeforeReady: undefined as boolean | undefined,
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: SchemeRegistration[]): void {
    this.privileged.push(...schemes);
    this.registeredBeforeReady = !app.readyFired;
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    permissionRequestHandler: undefined as undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheckHandler: undefined as undefined | (() => boolean),
    setPermissionRequestHandler(handler: (c: unknown, p: string, cb: (ok: boolean) => void) => void): void {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: () => boolean): void {
      this.permissionCheckHandler = handler;
    },
  },
};

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

/** A menu template item as the app built it. */
export interface MenuItem {
  label?: string;
  role?: string;
  type?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

export const Menu = {
  applicationMenu: undefined as MenuItem[] | undefined,
  buildFromTemplate: (template: MenuItem[]) => template,
  setApplicationMenu(menu: MenuItem[]): void {
    this.applicationMenu = menu;
  },
};

export const nativeImage = { createFromPath: (path: string) => ({ path }) };

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: MenuItem[] = [];
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: MenuItem[]): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static isSupported = () => true;
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    Notification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

export const dialog = { showErrorBox: vi.fn() };
export const shell = { openPath: vi.fn(async () => '') };

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, value: unknown): void {
    this.exposed.set(key, value);
  },
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null })),
});

/** A web contents for tests that emit 'web-contents-created'. */
export function createMockWebContents(): MockWebContents {
  return new MockWebContents();
}

export default {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  session,
  screen,
  Menu,
  nativeImage,
  Tray,
  Notification,
  dialog,
  shell,
  contextBridge,
  ipcRenderer,
};
