// The dashboard is served from app://slotkeeper/ rather than file://: a page on file:// may read
// any local file the app can, while this origin answers only with files of the built renderer
// folder, each with its MIME type and the Content-Security-Policy header.
import type { Protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, dashboardContentType } from '../api/security';

/** The scheme and host the dashboard lives under. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'slotkeeper';
/** What the window loads. */
export const DASHBOARD_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Declares app:// a standard, secure scheme, so the dashboard gets a real origin ('self' in the
 * CSP, fetch, storage) like https. Electron accepts this only before the app is ready.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const refuse = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** Answers one app:// request with a file under `rendererDir`, or 404/400. Never throws. */
export async function appResponse(rendererDir: string, url: string): Promise<Response> {
  const base = resolve(rendererDir);
  let pathname: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return refuse(404, 'Not found');
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return refuse(400, 'Malformed address');
  }
  // Decoding may bring back "../" or "\" (from %2e%2e%2f, %5c); the resolved path must stay inside.
  const file = normalize(join(base, pathname === '/' ? 'index.html' : pathname));
  if (!file.startsWith(base + sep)) return refuse(404, 'Not found');
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return refuse(404, 'Not found');
  return new Response(await readFile(file), {
    status: 200,
    headers: {
      'Content-Type': dashboardContentType(extname(file)),
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

/** Serves app:// from `rendererDir` (after the app is ready). */
export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url));
}
