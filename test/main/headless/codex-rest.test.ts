// Codex's own SDK against Slotkeeper's REST api, served by the real engine over HTTP.
import { CodexMarketplace } from '@codex-storage/sdk-js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHost, type EngineHost } from '../../../src-main/compose/engine-host';
import { startHeadlessServer, type HeadlessServer } from '../../../src-main/headless/server';

const token = 'rest-test-token-0123456789';
let engine: EngineHost;
let server: HeadlessServer;
let origin: string;
let market: CodexMarketplace;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sk-rest-'));
  engine = await startEngineHost({
    host: 'headless',
    version: 'test',
    dataDir,
    quota: 10n * 1024n ** 3n,
    market: { kind: 'sim', seed: 3, rate: 0, competitors: 0 },
  });
  server = await startHeadlessServer({
    api: engine.api,
    token,
    host: '127.0.0.1',
    port: 0,
    rendererDir: dataDir,
    codex: engine.codex,
    devnet: engine.devnet,
  });
  origin = `http://127.0.0.1:${server.port}`;
  market = new CodexMarketplace(origin, { auth: { basic: Buffer.from(`slotkeeper:${token}`).toString('base64') } });
});

afterAll(async () => {
  await server?.close();
  await engine?.stop();
});

const headers = { Authorization: `Bearer ${token}` };
const raw = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
};
const offer = {
  totalSize: 200_000_000,
  duration: 2_592_000,
  minPricePerBytePerSecond: 1n,
  totalCollateral: 10n ** 12n,
};

describe('Codex REST api through Codex’s SDK', () => {
  it('creates an availability and reads every field back as Codex does', async () => {
    const created = await market.createAvailability(offer);
    expect(created.error).toBe(false);
    if (created.error) return;
    expect(created.data).toMatchObject({
      totalSize: 200_000_000,
      freeSize: 200_000_000,
      duration: 2_592_000,
      minPricePerBytePerSecond: 1n,
      totalCollateral: 10n ** 12n,
      totalRemainingCollateral: 10n ** 12n,
      enabled: true,
      until: 0,
    });
    expect(created.data.id).toMatch(/^0x[0-9a-f]{64}$/);
    const listed = await market.availabilities();
    expect(!listed.error && listed.data.map((a) => a.id)).toContain(created.data.id);
  });

  it('patches an availability with 204 and applies the change', async () => {
    const listed = await market.availabilities();
    const id = !listed.error ? listed.data[0]!.id : '';
    const patched = await market.updateAvailability({ id, duration: 86_400, enabled: false });
    expect(patched).toEqual({ error: false, data: '' });
    const after = await market.availabilities();
    expect(!after.error && after.data[0]).toMatchObject({ duration: 86_400, enabled: false });
    await market.updateAvailability({ id, duration: 2_592_000, enabled: true });
  });

  it('lists an availability’s reservations, and 404s an unknown one with Codex’s text', async () => {
    const listed = await market.availabilities();
    const id = !listed.error ? listed.data[0]!.id : '';
    expect(await market.reservations(id)).toEqual({ error: false, data: [] });
    const unknown = await market.reservations('0x' + '0'.repeat(64));
    expect(unknown.error && unknown.data).toMatchObject({ code: 404, message: 'Availability not found' });
  });

  const offerJson = {
    totalSize: 200_000_000,
    duration: 2_592_000,
    minPricePerBytePerSecond: '1',
    totalCollateral: '1000000000000',
  };
  it.each([
    ['Total size must be larger then zero', { ...offerJson, totalSize: 0 }],
    ['duration must be larger then zero', { ...offerJson, duration: 0 }],
    ['minPricePerBytePerSecond must be larger then zero', { ...offerJson, minPricePerBytePerSecond: '0' }],
    ['totalCollateral must be larger then zero', { ...offerJson, totalCollateral: '0' }],
    ['Not enough storage quota', { ...offerJson, totalSize: 1e15 }],
    ['Cannot set until to a negative value', { ...offerJson, until: -1 }],
  ])('answers 422 "%s" and creates nothing', async (text, body) => {
    const before = await market.availabilities();
    expect(await raw('POST', '/api/codex/v1/sales/availability', body)).toEqual({ status: 422, text });
    const after = await market.availabilities();
    expect(!after.error && after.data.length).toBe(!before.error && before.data.length);
  });

  it('answers malformed input with 400 and unknown ids with 404', async () => {
    expect((await raw('POST', '/api/codex/v1/sales/availability', '{"totalSize":')).status).toBe(400);
    expect(await raw('PATCH', '/api/codex/v1/sales/availability/0x' + '1'.repeat(64), { duration: 5 })).toEqual({
      status: 404,
      text: 'Availability not found',
    });
    expect((await raw('PATCH', '/api/codex/v1/sales/availability/nothex', { duration: 5 })).status).toBe(400);
    expect(await raw('PATCH', '/api/codex/v1/sales/availability/0x' + '1'.repeat(64), { freeSize: 5 })).toMatchObject({
      status: 404,
    });
    expect(await raw('GET', '/api/codex/v1/sales/slots/0x' + '2'.repeat(64))).toEqual({
      status: 404,
      text: 'Provider not filling slot',
    });
  });

  it('refuses to change freeSize', async () => {
    const listed = await market.availabilities();
    const id = !listed.error ? listed.data[0]!.id : '';
    expect(await raw('PATCH', `/api/codex/v1/sales/availability/${id}`, { freeSize: 5 })).toEqual({
      status: 422,
      text: 'Updating freeSize is not allowed',
    });
  });

  it('reports the repo quota at /space', async () => {
    const space = await raw('GET', '/api/codex/v1/space');
    expect(space.status).toBe(200);
    expect(JSON.parse(space.text)).toMatchObject({ quotaMaxBytes: 10 * 1024 ** 3, quotaReservedBytes: 200_000_000 });
  });

  it('sells a slot posted on the devnet and shows it as active with its agent', async () => {
    const posted = await raw('POST', '/api/devnet/v1/requests', {
      slots: 2,
      slotSize: 65_536,
      duration: 86_400,
      pricePerBytePerSecond: '10',
      collateralPerByte: '1',
      proofProbability: '100',
      maxSlotLoss: 1,
      expiry: 3_600,
    });
    expect(posted.status).toBe(201);
    const { requestId } = JSON.parse(posted.text) as { requestId: string };
    let slots: { id: string; slotIndex: number; request: { id: string } }[] = [];
    for (let i = 0; i < 60 && slots.length === 0; i++) {
      await raw('POST', '/api/devnet/v1/clock/advance', { seconds: 30 });
      await new Promise((r) => setTimeout(r, 50));
      const active = await market.activeSlots();
      slots = active.error ? [] : (active.data as unknown as typeof slots);
    }
    expect(slots.length).toBeGreaterThan(0);
    expect(slots[0]!.request.id).toBe(requestId);
    const agent = await market.activeSlot(slots[0]!.id);
    expect(agent.error).toBe(false);
    expect(!agent.error && agent.data).toMatchObject({ requestId, slotIndex: slots[0]!.slotIndex });
    expect(!agent.error && ['SaleFilled', 'SaleProving'].includes(agent.data.state)).toBe(true);
    const summary = JSON.parse((await raw('GET', `/api/devnet/v1/requests/${requestId}`)).text);
    expect(summary.slots.some((s: { state: string }) => s.state === 'Filled')).toBe(true);
  }, 60_000);

  it('refuses every route without the token', async () => {
    const anonymous = new CodexMarketplace(origin);
    const result = await anonymous.availabilities();
    expect(result.error && result.data.code).toBe(401);
    expect((await fetch(`${origin}/api/devnet/v1/clock`)).status).toBe(401);
  });
});
