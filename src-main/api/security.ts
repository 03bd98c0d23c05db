// Policies both hosts apply to the dashboard, kept in one place so Electron and the browser
// mode cannot drift apart.

/** The Content-Security-Policy for the dashboard: own scripts and styles only, no remote content. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const dashboardContentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The Content-Type a built dashboard file is served with, by its extension (".js"); unknown ones download. */
export function dashboardContentType(extension: string): string {
  return dashboardContentTypes[extension] ?? 'application/octet-stream';
}
