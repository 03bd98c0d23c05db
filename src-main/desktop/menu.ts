// The application menu: the standard roles plus selling control and the data folder.
import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';

/** What the menu's own items do. */
export interface MenuActions {
  setSellingPaused(paused: boolean): void;
  dataDir: string;
}

/** Installs the application menu. */
export function installAppMenu(actions: MenuActions, isMac = process.platform === 'darwin'): void {
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'Selling',
      submenu: [
        { label: 'Pause selling', click: () => actions.setSellingPaused(true) },
        { label: 'Resume selling', click: () => actions.setSellingPaused(false) },
        { type: 'separator' },
        { label: 'Open data folder', click: () => void shell.openPath(actions.dataDir) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    // The standard View menu holds "Toggle Developer Tools": a packaged app gets one without it.
    app.isPackaged
      ? {
          label: 'View',
          submenu: [
            { role: 'resetZoom' },
            { role: 'zoomIn' },
            { role: 'zoomOut' },
            { type: 'separator' },
            { role: 'togglefullscreen' },
          ],
        }
      : { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
