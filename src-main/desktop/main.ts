// Composition root of the desktop app: one instance, one window, the api served over IPC.
import { app, ipcMain, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { version } from '../../package.json';
import { createApi } from '../api/service';
import { registerIpc } from './ipc';
import { applySecurityPolicy, dashboardUrlCheck } from './security';
import { createMainWindow } from './window';

const preloadPath = join(import.meta.dirname, '../preload/preload.cjs');
const indexHtmlPath = join(import.meta.dirname, '../renderer/index.html');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    const isDashboard = dashboardUrlCheck(indexHtmlPath);
    applySecurityPolicy(app, session.defaultSession, isDashboard);
    const api = createApi({ host: 'desktop', version, now: () => Math.floor(Date.now() / 1000) });
    registerIpc(ipcMain, api, isDashboard, () => window?.webContents);
    window = createMainWindow(preloadPath, indexHtmlPath);
    app.on('before-quit', () => api.close());
  });
}
