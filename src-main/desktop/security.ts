// The desktop security policy: the dashboard is the only page, it cannot navigate away, open
// windows, embed webviews or be granted permissions.
import type { App, Session, WebContents } from 'electron';
import { pathToFileURL } from 'node:url';

/** The web preferences every Slotkeeper window uses. */
export function secureWebPreferences(preloadPath: string) {
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
  } as const;
}

/** A predicate accepting only the dashboard's own file URL (any #fragment or ?query). */
export function dashboardUrlCheck(indexHtmlPath: string): (url: string) => boolean {
  const expected = pathToFileURL(indexHtmlPath);
  return (url) => {
    try {
      const actual = new URL(url);
      return actual.protocol === 'file:' && actual.pathname === expected.pathname;
    } catch {
      return false;
    }
  };
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
  });
}
