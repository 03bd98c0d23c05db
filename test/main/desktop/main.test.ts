import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../mocks/electron'));

const electron = await import('../../mocks/electron');
const { INVOKE_CHANNEL, EVENT_CHANNEL } = await import('../../../src-main/desktop/channels');

const desktopDir = join(import.meta.dirname, '../../../src-main/desktop');
const dashboardUrl = pathToFileURL(join(desktopDir, '../renderer/index.html')).href;

beforeAll(async () => {
  await import('../../../src-main/desktop/main');
  await new Promise((r) => setTimeout(r, 0));
});

function invoke(url: string, name: unknown, args: unknown) {
  const handler = electron.ipcMain.handlers.get(INVOKE_CHANNEL);
  if (!handler) throw new Error('no invoke handler registered');
  return handler({ senderFrame: { url } }, name, args);
}

describe('desktop main process', () => {
  it('creates one window with context isolation, the sandbox and no Node integration', () => {
    expect(electron.BrowserWindow.instances).toHaveLength(1);
    const prefs = electron.BrowserWindow.instances[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload[/\\]preload\.cjs$/);
    expect(electron.BrowserWindow.instances[0]!.loadedFile).toMatch(/renderer[/\\]index\.html$/);
  });

  it('answers IPC from the dashboard with the engine status', async () => {
    const result = await invoke(dashboardUrl + '#/overview', 'status.get', {});
    expect(result).toMatchObject({ ok: true, value: { host: 'desktop' } });
  });

  it('refuses IPC from any other page before looking at the arguments', async () => {
    const result = await invoke('https://evil.example/', 'status.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('rejects IPC arguments the contract does not allow', async () => {
    const result = await invoke(dashboardUrl, 'status.get', { injected: '<script>' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('denies new windows, foreign navigation, webviews and permission requests', () => {
    const contents = electron.createMockWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });

    const navigate = { preventDefault: vi.fn() };
    contents.emit('will-navigate', navigate, 'https://example.com/phish');
    expect(navigate.preventDefault).toHaveBeenCalled();
    const stay = { preventDefault: vi.fn() };
    contents.emit('will-navigate', stay, dashboardUrl);
    expect(stay.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    const granted = vi.fn();
    electron.session.defaultSession.permissionRequestHandler?.({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(electron.session.defaultSession.permissionCheckHandler?.()).toBe(false);
  });

  it('forwards api events to the window', async () => {
    const window = electron.BrowserWindow.instances[0]!;
    await vi.waitFor(() => expect(window.webContents.sent.some((m) => m.channel === EVENT_CHANNEL)).toBe(true), {
      timeout: 2500,
    });
  });
});

describe('preload', () => {
  it('exposes only invoke and listen as window.api', async () => {
    await import('../../../src-main/desktop/preload');
    const api = electron.contextBridge.exposed.get('api') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'listen']);
    const received: unknown[] = [];
    const stop = (api.listen as (l: (m: unknown) => void) => () => void)((m) => received.push(m));
    electron.ipcRenderer.emit(EVENT_CHANNEL, {}, { name: 'engine.tick', payload: { now: 1 } });
    stop();
    electron.ipcRenderer.emit(EVENT_CHANNEL, {}, { name: 'engine.tick', payload: { now: 2 } });
    expect(received).toEqual([{ name: 'engine.tick', payload: { now: 1 } }]);
  });
});
