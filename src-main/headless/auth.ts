// Token auth for the headless host. Tokens are compared in constant time; a listener on anything
// but loopback needs an explicit token so a node is never exposed with a token nobody chose.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WS_TOKEN_PREFIX } from '../api/contract';

/** A fresh random token, URL-safe. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Constant-time comparison that does not leak the token's length either. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The tokens a request presents: Bearer, Basic (the password part, or the bare secret as Codex's
 * SDK sends it) or the WebSocket subprotocol. Scheme names are case-insensitive (RFC 9110 §11.1).
 */
export function presentedTokens(request: IncomingMessage): string[] {
  const header = request.headers.authorization;
  const scheme = /^(bearer|basic)[ \t]+(.*)$/i.exec(header ?? '');
  if (scheme?.[1]?.toLowerCase() === 'bearer') return [scheme[2]!.trim()];
  if (scheme) {
    const credentials = scheme[2]!.trim();
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return [credentials, colon >= 0 ? decoded.slice(colon + 1) : decoded];
  }
  const protocols = request.headers['sec-websocket-protocol'];
  const tokenProtocol = protocols
    ?.split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith(WS_TOKEN_PREFIX));
  return tokenProtocol ? [tokenProtocol.slice(WS_TOKEN_PREFIX.length)] : [];
}

/** Whether a request carries the right token; every candidate is compared, in constant time each. */
export function isAuthorized(request: IncomingMessage, token: string): boolean {
  return presentedTokens(request).reduce((ok, given) => tokensEqual(given, token) || ok, false);
}
