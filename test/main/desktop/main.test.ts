import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../mocks/electron'));

const electron = await import('../../mocks/electron');
const { INVOKE_CHANNEL, EVENT_CHANNEL } = await import('../../../src-main/desktop/channels');

const dashboardUrl = 'app://slotkeeper/index.html';
const desktopDir = join(import.meta.dirname, '../../../src-main/desktop');
const fileUrl = `file://${join(desktopDir, '../renderer/index.html')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'sk-desktop-'));

beforeAll(async () => {
  process.env.SLOTKEEPER_DATA_DIR = dataDir;
  await import('../../../src-main/desktop/main');
  await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 20_000 });
});

afterAll(async () => {
  const willQuit = { preventDefault: vi.fn() };
  electron.app.emit('will-quit', willQuit);
  await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled(), { timeout: 10_000 });
  delete process.env.SLOTKEEPER_DATA_DIR;
});

function invoke(url: string, name: unknown, args: unknown) {
  const handler = electron.ipcMain.handlers.get(INVOKE_CHANNEL);
  if (!handler) throw new Error('no invoke handler registered');
  return handler({ senderFrame: { url } }, name, args) as Promise<{
    ok: boolean;
    value?: unknown;
    error?: { code: string };
  }>;
}

const window = () => electron.BrowserWindow.instances[0]!;
const tray = () => electron.Tray.instances[0]!;
const menuItem = (label: string) => tray().menu.find((item) => item.label === label);

describe('desktop main process', () => {
  it('creates one window with context isolation, the sandbox and no Node integration', () => {
    const prefs = window().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      // Run from sources (not packaged): DevTools stay available to developers.
      devTools: true,
    });
    expect(String(prefs.preload)).toMatch(/preload[/\\]preload\.cjs$/);
  });

  it('registers app:// as a standard, secure scheme before the app is ready, and loads the dashboard from it', async () => {
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(electron.protocol.registeredBeforeReady).toBe(true);
    expect(window().loadedUrl).toBe('app://slotkeeper/index.html');
    expect(window().loadedFile).toBeUndefined();
    const handler = electron.protocol.handlers.get('app')!;
    expect((await handler(new Request('app://slotkeeper/..%2f..%2f..%2fpackage.json'))).status).toBe(404);
  });

  it('runs the engine in the data folder', () => {
    expect(existsSync(join(dataDir, 'sales.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'market.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'slotkeeper-lock.sqlite'))).toBe(true);
  });

  it('answers IPC from the dashboard with the engine status and a snapshot', async () => {
    expect(await invoke(dashboardUrl + '#/overview', 'status.get', {})).toMatchObject({
      ok: true,
      value: { host: 'desktop' },
    });
    expect(await invoke(dashboardUrl, 'live.snapshot', {})).toMatchObject({ ok: true, value: { availabilities: [] } });
  });

  it('refuses IPC from any other page before looking at the arguments', async () => {
    for (const url of ['https://evil.example/', fileUrl, 'app://evil/index.html', 'app://slotkeeper/other.html']) {
      expect(await invoke(url, 'status.get', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('rejects IPC arguments the contract does not allow, changing nothing', async () => {
    const result = await invoke(dashboardUrl, 'availability.create', {
      totalSize: '-1',
      duration: 1,
      minPricePerBytePerSecond: '1',
      totalCollateral: '1',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await invoke(dashboardUrl, 'live.snapshot', {})).toMatchObject({ value: { availabilities: [] } });
  });

  it("answers an offer above the quota with quota-exceeded and the engine's own message", async () => {
    const result = await invoke(dashboardUrl, 'availability.create', {
      totalSize: String(21n * 1024n ** 3n), // the default quota is 20 GiB
      duration: 3600,
      minPricePerBytePerSecond: '1',
      totalCollateral: '1000',
    });
    expect(result).toEqual({ ok: false, error: { code: 'quota-exceeded', message: 'Not enough storage quota' } });
    expect(await invoke(dashboardUrl, 'live.snapshot', {})).toMatchObject({ value: { availabilities: [] } });
  });

  it('denies new windows, foreign navigation, webviews and permission requests', () => {
    const contents = electron.createMockWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const navigate = { preventDefault: vi.fn() };
    contents.emit('will-navigate', navigate, 'https://example.com/phish');
    expect(navigate.preventDefault).toHaveBeenCalled();
    const stay = { preventDefault: vi.fn() };
    contents.emit('will-navigate', stay, dashboardUrl + '#/settings');
    expect(stay.preventDefault).not.toHaveBeenCalled();
    const toFile = { preventDefault: vi.fn() };
    contents.emit('will-navigate', toFile, fileUrl);
    expect(toFile.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const granted = vi.fn();
    electron.session.defaultSession.permissionRequestHandler?.({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(electron.session.defaultSession.permissionCheckHandler?.()).toBe(false);
  });

  it('forwards api events to the window', async () => {
    await vi.waitFor(() => expect(window().webContents.sent.some((m) => m.channel === EVENT_CHANNEL)).toBe(true), {
      timeout: 3000,
    });
  });

  it('shows the selling status in the tray and pauses selling from its menu', async () => {
    expect(tray().tooltip).toBe('Slotkeeper — selling');
    menuItem('Pause selling')!.click!();
    await vi.waitFor(() => expect(tray().tooltip).toBe('Slotkeeper — selling paused'), { timeout: 3000 });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).sellingPaused).toBe(true);
    menuItem('Resume selling')!.click!();
    await vi.waitFor(() => expect(tray().tooltip).toBe('Slotkeeper — selling'), { timeout: 3000 });
  });

  it('hides to the tray on close, remembering where the window was', () => {
    const close = { preventDefault: vi.fn() };
    window().visible = true;
    window().emit('close', close);
    expect(close.preventDefault).toHaveBeenCalled();
    expect(window().visible).toBe(false);
    expect(JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'))).toMatchObject({ x: 10, y: 20 });
    menuItem('Open Slotkeeper')!.click!();
    expect(window().visible).toBe(true);
  });

  it('counts an alert that needs attention in the tray and shows it as a notification at once', async () => {
    // A folder where the data-folder write check writes its file: the check fails as on a read-only disk.
    const blocker = join(dataDir, '.write-check');
    mkdirSync(blocker);
    const before = electron.Notification.instances.length;
    // Moving a low mark runs the host checks now rather than at the next interval.
    await invoke(dashboardUrl, 'settings.update', { alerts: { minGasBalance: '1' } });
    await vi.waitFor(() => expect(tray().tooltip).toBe('Slotkeeper — 1 alert needs attention'), { timeout: 5000 });
    const shown = electron.Notification.instances.slice(before).filter((n) => n.shown);
    expect(shown.map((n) => n.options.title)).toEqual(['Critical: the data folder']);
    menuItem('1 alert needs attention…')!.click!();
    expect(window().webContents.sent.at(-1)).toEqual({
      channel: EVENT_CHANNEL,
      payload: { name: 'ui.open-alerts', payload: {} },
    });
    rmdirSync(blocker);
    await invoke(dashboardUrl, 'settings.update', { alerts: { minGasBalance: null } });
    await vi.waitFor(() => expect(tray().tooltip).toBe('Slotkeeper — selling'), { timeout: 5000 });
  });

  it('installs an application menu with selling control', () => {
    const selling = electron.Menu.applicationMenu?.find((m) => m.label === 'Selling');
    expect(selling?.submenu?.map((i) => i.label).filter(Boolean)).toEqual([
      'Pause selling',
      'Resume selling',
      'Open data folder',
    ]);
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
