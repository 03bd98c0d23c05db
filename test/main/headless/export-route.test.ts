import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type RunningApi } from '../../../src-main/api/service';
import { startHeadlessServer, type HeadlessServer } from '../../../src-main/headless/server';
import { MemorySettings } from '../../fakes/sales-source';
import { bigSource } from '../../renderer/helpers/examples';

const token = 'export-token-abcdefghijkl';
let api: RunningApi;
let server: HeadlessServer;
let base: string;
const auth = { Authorization: `Bearer ${token}` };

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'sk-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  // More slots than one page of the export holds, so the stream spans several pages.
  api = createApi({
    host: 'headless',
    version: 't',
    tickIntervalMs: 60_000,
    source: bigSource({ slots: 1234 }),
    settings: new MemorySettings(),
  });
  server = await startHeadlessServer({ api, token, host: '127.0.0.1', port: 0, rendererDir, exports: api });
  base = `http://127.0.0.1:${server.port}/api/export`;
});

afterAll(async () => {
  api.close();
  await server.close();
});

describe('CSV exports over HTTP', () => {
  it('needs the token like every api route', async () => {
    const response = await fetch(`${base}/slots.csv`);
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });

  it('streams every slot as a CSV attachment', async () => {
    const response = await fetch(`${base}/slots.csv`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="slotkeeper-slots-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const lines = (await response.text()).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1 + 1234 + 5);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('applies the list’s filters', async () => {
    const response = await fetch(`${base}/slots.csv?state=SaleFinished&sort=startedAt&direction=asc`, {
      headers: auth,
    });
    const rows = (await response.text()).split('\r\n').filter(Boolean).slice(1);
    expect(rows.length).toBeGreaterThan(200);
    expect(rows.every((row) => row.split(',')[3] === 'SaleFinished')).toBe(true);
    const events = await fetch(`${base}/history.csv?kind=payout&since=0`, { headers: auth });
    expect((await events.text()).split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('refuses a filter it does not know, and a table that does not exist, saying why', async () => {
    const bad = await fetch(`${base}/slots.csv?state=Sold`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Invalid export: state:');
    const unknown = await fetch(`${base}/slots.csv?color=red`, { headers: auth });
    expect(unknown.status).toBe(400);
    const missing = await fetch(`${base}/wallet.csv`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('/api/export/slots.csv');
  });
});
