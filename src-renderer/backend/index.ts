// Picks the transport once: Electron's preload bridge when present, else the headless WebSocket.
import type { WindowApi } from '../../src-main/api/contract';
import type { Backend } from './backend';
import { createIpcBackend } from './ipc';
import { splitToken } from './token';
import { createWsBackend } from './ws';

export { BackendError, type Backend, type ConnectionState, type ExportOutcome, type Transport } from './backend';

const TOKEN_KEY = 'slotkeeper.token';

/**
 * Reads the token from #token=… once, keeps it for reloads, and takes it out of the address bar
 * (keeping any view route), before the router reads the hash.
 */
function takeToken(): string {
  const { token, rest } = splitToken(location.hash);
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', location.pathname + location.search + rest);
    return token;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** The backend for the shell the dashboard runs in. */
export function createBackend(): Backend {
  const bridge = (window as unknown as { api?: WindowApi }).api;
  if (bridge) return createIpcBackend(bridge);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsBackend(`${scheme}://${location.host}/ws`, takeToken());
}
