// The app:// handler serves the built dashboard and nothing else, with MIME types and the CSP.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/api/security';
import { appResponse } from '../../../src-main/desktop/app-protocol';

let root: string;
let rendererDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sk-app-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Slotkeeper</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'outside the renderer folder');
  mkdirSync(join(root, 'renderer-evil'));
  writeFileSync(join(root, 'renderer-evil', 'x.js'), 'sibling folder');
});

describe('the app:// protocol', () => {
  it.each([
    ['app://slotkeeper/index.html', 'text/html; charset=utf-8', '<title>Slotkeeper</title>'],
    ['app://slotkeeper/', 'text/html; charset=utf-8', '<title>Slotkeeper</title>'],
    ['app://slotkeeper/assets/app.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['app://slotkeeper/assets/app.css?v=1#x', 'text/css; charset=utf-8', 'body{}'],
  ])('serves %s as %s with the CSP', async (url, type, body) => {
    const response = await appResponse(rendererDir, url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain(body);
  });

  it.each([
    'app://slotkeeper/../secret.txt',
    'app://slotkeeper/..%2fsecret.txt',
    'app://slotkeeper/%2e%2e%2fsecret.txt',
    'app://slotkeeper/assets/..%2f..%2fsecret.txt',
    'app://slotkeeper/..%5csecret.txt',
    'app://slotkeeper/..%2frenderer-evil%2fx.js',
    'app://slotkeeper/missing.js',
    'app://slotkeeper/assets',
    'app://other-host/index.html',
    'file:///etc/passwd',
  ])('answers %s with 404 and nothing of the file', async (url) => {
    const response = await appResponse(rendererDir, url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not found');
  });

  it('answers malformed percent-encoding with 400', async () => {
    expect((await appResponse(rendererDir, 'app://slotkeeper/%E0%A4%A')).status).toBe(400);
  });
});
