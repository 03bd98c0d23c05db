import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { generateToken, isAuthorized, isLoopback, tokensEqual } from '../../../src-main/headless/auth';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('headless auth', () => {
  it('makes distinct URL-safe tokens', () => {
    const a = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(generateToken()).not.toBe(a);
  });

  it('compares tokens of any length without throwing', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
    expect(tokensEqual('', 'abcd')).toBe(false);
  });

  it('accepts the token as Bearer, as a Basic password, or as a WebSocket subprotocol', () => {
    const token = 'secret-token-1234567';
    expect(isAuthorized(request({ authorization: `Bearer ${token}` }), token)).toBe(true);
    const basic = Buffer.from(`anyone:${token}`).toString('base64');
    expect(isAuthorized(request({ authorization: `Basic ${basic}` }), token)).toBe(true);
    expect(isAuthorized(request({ 'sec-websocket-protocol': `slotkeeper.v1, token.${token}` }), token)).toBe(true);
  });

  it('refuses a missing or wrong token', () => {
    expect(isAuthorized(request({}), 'secret-token-1234567')).toBe(false);
    expect(isAuthorized(request({ authorization: 'Bearer nope' }), 'secret-token-1234567')).toBe(false);
  });

  it('knows which addresses are loopback', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.5', '::', 'example.com'].some(isLoopback)).toBe(false);
  });
});
