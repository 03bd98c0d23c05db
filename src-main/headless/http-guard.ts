// Who may talk to the headless host at all, judged before the token: the Host header must name
// this server (a DNS-rebinding page reaches 127.0.0.1 under its own name, so its Host is foreign),
// and a browser's Origin must be this server's own on the WebSocket upgrade and on every call that
// changes something (a foreign page can send those without reading the answer).
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

const bracket = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/**
 * The Host header values the server answers to: the loopback names and the listen address with
 * the port, every interface address when it listens on all of them, and the operator's
 * `--allowed-host` names (a name without a port is accepted bare too, as a reverse proxy sends it).
 */
export function allowedHosts(listenHost: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]', bracket(listenHost)];
  if (WILDCARDS.has(listenHost)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const entry of list ?? []) names.push(bracket(entry.address));
    }
  }
  const allowed = new Set<string>();
  for (const name of names) {
    allowed.add(`${name}:${port}`.toLowerCase());
    // Clients leave out the default port.
    if (port === 80) allowed.add(name.toLowerCase());
  }
  for (const name of extra) {
    const lower = name.toLowerCase();
    allowed.add(lower);
    if (!/:\d+$/.test(lower) || lower.endsWith(']')) allowed.add(`${lower}:${port}`);
  }
  return allowed;
}

/** Whether the request's Host header names this server. */
export function hostAllowed(request: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const host = request.headers.host;
  return host !== undefined && allowed.has(host.toLowerCase());
}

/**
 * Whether the request comes from a page of this server, or from no page at all (scripts, the
 * SDK and curl send no Origin). `Origin: null` (sandboxed frames, file://) is foreign.
 */
export function originAllowed(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === request.headers.host?.toLowerCase();
  } catch {
    return false;
  }
}

/** Methods that change nothing; every other method is checked for a foreign Origin. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
