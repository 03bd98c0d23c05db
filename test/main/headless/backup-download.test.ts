import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type RunningApi } from '../../../src-main/api/service';
import { startHeadlessServer, type HeadlessServer } from '../../../src-main/headless/server';
import { FakeSalesSource, MemorySettings } from '../../fakes/sales-source';

const token = 'backup-token-abcdefghijkl';
const name = 'slotkeeper-backup-2025-01-31T12-00-00-000Z-a1b2c3.tar';
let api: RunningApi;
let server: HeadlessServer;
let base: string;

beforeAll(async () => {
  const backupsDir = mkdtempSync(join(tmpdir(), 'sk-backups-'));
  writeFileSync(join(backupsDir, name), 'tar bytes');
  writeFileSync(join(backupsDir, 'other.txt'), 'not a backup');
  api = createApi({ host: 'headless', version: '1', source: new FakeSalesSource(), settings: new MemorySettings() });
  server = await startHeadlessServer({ api, token, host: '127.0.0.1', port: 0, rendererDir: backupsDir, backupsDir });
  base = `http://127.0.0.1:${server.port}/api/backups`;
});

afterAll(async () => {
  api.close();
  await server.close();
});

const auth = { Authorization: `Bearer ${token}` };

describe('backup downloads', () => {
  it('serve a backup the host made, as an attachment, never cached', async () => {
    const response = await fetch(`${base}/${name}`, { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('tar bytes');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('need the token', async () => {
    expect((await fetch(`${base}/${name}`)).status).toBe(401);
  });

  it.each(['other.txt', '..%2f..%2fetc%2fpasswd', 'slotkeeper-backup-x.tar'])(
    'serve nothing else: %s',
    async (file) => {
      expect((await fetch(`${base}/${file}`, { headers: auth })).status).toBe(404);
    },
  );
});
