// Composition root of the desktop app: one instance, the engine, the dashboard window served over
// IPC, the tray, the menu and outcome notifications.
import { app, ipcMain, protocol, session } from 'electron';
import { join } from 'node:path';
import { version } from '../../package.json';
import type { EventMessage, SellingStatus, SnapshotDto } from '../api/contract';
import { startEngineHost, type EngineHost } from '../compose/engine-host';
import { AlertNotifications } from './alert-notifications';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { AppWindow } from './app-window';
import { EVENT_CHANNEL } from './channels';
import { registerIpc } from './ipc';
import { installAppMenu } from './menu';
import { OutcomeNotifications } from './notifications';
import { applySecurityPolicy, dashboardUrlCheck } from './security';
import { StatusTray } from './tray';

const preloadPath = join(import.meta.dirname, '../preload/preload.cjs');
const rendererDir = join(import.meta.dirname, '../renderer');
const resourcesDir = join(import.meta.dirname, '../../resources');

async function run(): Promise<void> {
  await app.whenReady();
  serveAppScheme(protocol, rendererDir);
  const dataDir = process.env.SLOTKEEPER_DATA_DIR ?? app.getPath('userData');
  const isDashboard = dashboardUrlCheck();
  applySecurityPolicy(app, session.defaultSession, isDashboard);

  let engine: EngineHost;
  try {
    engine = await startEngineHost({ host: 'desktop', version, dataDir });
  } catch (error) {
    const { dialog } = await import('electron');
    dialog.showErrorBox('Slotkeeper cannot start', (error as Error).message);
    app.exit(1);
    return;
  }
  const { api, settings } = engine;

  const appWindow = new AppWindow({
    preloadPath,
    dataDir,
    closeToTray: () => settings.get().closeToTray,
  });
  registerIpc(ipcMain, api, isDashboard, () => appWindow.current?.webContents);
  const setSellingPaused = (paused: boolean) => void api.invoke(paused ? 'selling.pause' : 'selling.resume', {});
  const openInWindow = (message: EventMessage) => appWindow.show().webContents.send(EVENT_CHANNEL, message);
  const openSlot = (slotId: string) => openInWindow({ name: 'ui.open-slot', payload: { slotId } });
  const openAlerts = () => openInWindow({ name: 'ui.open-alerts', payload: {} });
  const quit = () => {
    appWindow.markQuitting();
    app.quit();
  };

  const tray = new StatusTray(resourcesDir, { open: () => appWindow.show(), openAlerts, setSellingPaused, quit });
  installAppMenu({ setSellingPaused, dataDir });
  const notifications = new OutcomeNotifications(openSlot);
  const alertNotifications = new AlertNotifications({ openSlot, openAlerts });

  // Outcomes that happened before this start were seen already (or while nobody was looking);
  // alerts active at start were notified when they were raised, by this run or the last.
  let selling: SellingStatus = 'selling';
  let attention = 0;
  const snapshot = await api.invoke('live.snapshot', {});
  if (snapshot.ok) {
    const current = snapshot.value as SnapshotDto;
    notifications.remember(current.outcomes, current.settings);
    alertNotifications.remember(current.alerts, current.settings);
    ({ selling, attention } = current);
    tray.show(selling, attention);
  }
  api.subscribe((message) => {
    if (message.name !== 'live.patch') return;
    const patch = message.payload;
    selling = patch.selling ?? selling;
    attention = patch.attention ?? attention;
    tray.show(selling, attention);
    if (patch.outcomes) notifications.show(patch.outcomes, settings.get());
    if (patch.alerts) alertNotifications.show(patch.alerts, settings.get());
  });

  app.on('second-instance', () => appWindow.show());
  app.on('activate', () => appWindow.show());
  app.on('before-quit', () => appWindow.markQuitting());
  // With close-to-tray the app lives on in the tray; otherwise closing the window quits.
  app.on('window-all-closed', () => {
    if (!settings.get().closeToTray) app.quit();
  });
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    tray.destroy();
    void engine.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  appWindow.show();
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  // Only possible before the app is ready.
  registerAppScheme(protocol);
  void run();
}
