// The dashboard window.
import { BrowserWindow } from 'electron';
import { secureWebPreferences } from './security';

/** Creates the main window and loads the dashboard into it. */
export function createMainWindow(preloadPath: string, indexHtmlPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Slotkeeper',
    backgroundColor: '#111418',
    webPreferences: secureWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(indexHtmlPath);
  return window;
}
