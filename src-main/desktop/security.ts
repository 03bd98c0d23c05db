// The desktop security policy: the dashboard is the only page, it cannot navigate away, open
// windows, embed webviews or be granted permissions; in a packaged app DevTools cannot be opened.
import type { App, Input, Session, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-protocol';

/** The web preferences every Slotkeeper window uses; DevTools only outside packaged builds. */
export function secureWebPreferences(preloadPath: string, packaged: boolean) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    devTools: !packaged,
  } as const;
}

/** A predicate accepting only the dashboard's own page, app://slotkeeper/index.html (any #fragment or ?query). */
export function dashboardUrlCheck(): (url: string) => boolean {
  return (url) => {
    try {
      const actual = new URL(url);
      return actual.protocol === `${APP_SCHEME}:` && actual.host === APP_HOST && actual.pathname === '/index.html';
    } catch {
      return false;
    }
  };
}

/** The keyboard shortcuts that open DevTools: F12, Ctrl+Shift+I/J/C, and Cmd+Alt+I/J/C on macOS. */
export function opensDevTools(input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (key === 'f12') return true;
  const combo = (input.control && input.shift) || (input.meta && input.alt);
  return combo && ['i', 'j', 'c'].includes(key);
}

/** Locks down every web contents the app creates, and the default session's permissions. */
export function applySecurityPolicy(app: App, session: Session, isDashboard: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isDashboard(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isDashboard(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    if (app.isPackaged) {
      // devTools: false already disables them; the shortcuts are swallowed too, so nothing flickers.
      contents.on('before-input-event', (event, input) => {
        if (opensDevTools(input)) event.preventDefault();
      });
      contents.on('devtools-opened', () => contents.closeDevTools());
    }
  });
}
