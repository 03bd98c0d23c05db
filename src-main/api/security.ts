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
