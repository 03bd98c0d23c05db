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
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new MockWebContents();
  loadedFile: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  async loadFile(path: string): Promise<void> {
    this.loadedFile = path;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
}

class MockApp extends EventEmitter {
  hasLock = true;
  quit = vi.fn();
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(): string {
    return '/tmp/slotkeeper-test';
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

export default { app, BrowserWindow, ipcMain, session, contextBridge, ipcRenderer };
