// The operator's whole story in Chromium against `npm run headless` on a quiet simulated market:
// offer space through the form, see a posted request wait in the queue while selling is paused,
// resume, watch the slot get filled and then finish, and see the payout notification.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestId } from '../../src-renderer/testids';
import { artifactPath, launchChromium, startHeadless, type HeadlessProcess } from './harness';

let host: HeadlessProcess;
let browser: Browser;
let page: Page;

async function api(path: string): Promise<Response> {
  return fetch(`${host.origin}${path}`, { headers: { Authorization: `Bearer ${host.token}` } });
}

async function devnet(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${host.origin}/api/devnet/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${host.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Advances chain time in steps until `done` holds, giving the engine and the page time between steps. */
async function advanceUntil(step: number, done: () => Promise<boolean>, limit = 200): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await done()) return;
    await devnet('POST', '/clock/advance', { seconds: step });
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `the awaited state never came; slots show ${JSON.stringify(await slotStates())}\n${host.output().slice(-3000)}\n${(await import('node:fs')).readFileSync(host.dataDir + '/logs/slotkeeper.log', 'utf8').slice(-4000)}`,
  );
}

const slotStates = () =>
  page.getByTestId(TestId.SlotRowState).evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));

beforeAll(async () => {
  host = await startHeadless(['--sim-rate', '0', '--sim-competitors', '0', '--sim-seed', '11', '--quota', '2GiB']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('selling a slot from the dashboard', () => {
  it('creates an availability through the form in human units', async () => {
    await page.goto(host.url);
    await expect
      .poll(() => page.getByTestId(TestId.ConnectionStatus).textContent(), { timeout: 15_000 })
      .toContain('Connected');
    // Nothing is offered yet: the header does not claim to be selling.
    await expect.poll(() => page.getByTestId(TestId.SellingStatus).textContent()).toContain('Nothing offered');
    const space = (await (await api('/api/codex/v1/space')).json()) as { quotaMaxBytes: number | string };
    expect(String(space.quotaMaxBytes)).toBe(String(2n * 2n ** 30n));
    await page.goto(`${host.origin}/#/availabilities/new`);
    await page.getByTestId(TestId.SizeInput).fill('1');
    await page.getByTestId(TestId.DurationInput).fill('30');
    await page.getByTestId(TestId.PriceInput).fill('0.0001');
    await page.getByTestId(TestId.CollateralInput).fill('1');
    await page.getByTestId(TestId.FormSubmit).click();
    await expect.poll(() => page.getByTestId(TestId.AvailabilityRow).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByTestId(TestId.SellingStatus).textContent()).toContain('Selling');
    await page.screenshot({ path: artifactPath('flow-availability.png') });
  });

  it('keeps a posted slot in the queue while selling is paused', async () => {
    await page.getByTestId(TestId.SellingToggle).click();
    await expect.poll(() => page.getByTestId(TestId.SellingStatus).textContent()).toContain('Paused');
    const { requestId } = (await devnet('POST', '/requests', {
      slots: 1,
      slotSize: 65_536,
      duration: 86_400,
      pricePerBytePerSecond: '10',
      collateralPerByte: '1',
      proofProbability: '100',
      maxSlotLoss: 0,
      expiry: 7_200,
    })) as { requestId: string };
    expect(requestId).toMatch(/^0x[0-9a-f]{64}$/);
    await page.goto(`${host.origin}/#/queue`);
    await expect
      .poll(() => page.getByTestId(TestId.QueueTable).getByTestId(TestId.TableRow).count(), { timeout: 10_000 })
      .toBe(1);
    await page.screenshot({ path: artifactPath('flow-queued.png') });
  });

  it('fills the slot once selling resumes', async () => {
    await page.getByTestId(TestId.SellingToggle).click();
    await expect.poll(() => page.getByTestId(TestId.SellingStatus).textContent()).toContain('Selling');
    await page.goto(`${host.origin}/#/slots`);
    await advanceUntil(30, async () => (await slotStates()).some((s) => s === 'SaleFilled' || s === 'SaleProving'));
    await expect
      .poll(() => page.getByTestId(TestId.Toast).allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('Slot won'));
    await page.screenshot({ path: artifactPath('flow-filled.png') });
    // The slot came over the data plane: the host's node on loopback, connected to the clients' node.
    await page.goto(`${host.origin}/#/overview`);
    await expect.poll(() => page.getByTestId(TestId.NetworkPeers).textContent(), { timeout: 10_000 }).toBe('1');
    expect(await page.getByTestId(TestId.NetworkListenAddrs).textContent()).toMatch(/\/ip4\/127\.0\.0\.1\/tcp\/\d+/);
    expect(await page.getByTestId(TestId.NetworkNoDht).textContent()).toMatch(/simulated clients/);
    await page.goto(`${host.origin}/#/slots`);
  });

  it('finishes the sale at the request’s end and shows the payout', async () => {
    await advanceUntil(3_600, async () => (await slotStates()).includes('SaleFinished'), 60);
    await expect
      .poll(() => page.getByTestId(TestId.Toast).allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('Payout received'));
    await page.goto(`${host.origin}/#/overview`);
    await expect
      .poll(() => page.getByTestId(TestId.EarningsPaid).textContent(), { timeout: 10_000 })
      .not.toMatch(/^\s*0(\s|$)/);
    await page.screenshot({ path: artifactPath('flow-finished.png'), fullPage: true });
  });

  it('exports every slot and every event as CSV, over HTTP with the token and from the dashboard', async () => {
    const slots = await api('/api/export/slots.csv');
    expect(slots.status).toBe(200);
    const rows = (await slots.text()).split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(',SaleFinished,');
    expect((await fetch(`${host.origin}/api/export/history.csv`)).status).toBe(401);
    const events = (await (await api('/api/export/history.csv?kind=payout')).text()).split('\r\n').filter(Boolean);
    expect(events).toHaveLength(2);
    await page.goto(`${host.origin}/#/history`);
    await page.getByTestId(TestId.OutcomesTable).getByTestId(TestId.TableRow).first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(TestId.OutcomesExport).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^slotkeeper-events-\d{4}-\d\d-\d\d\.csv$/);
    const stream = await download.createReadStream();
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    expect(text).toContain('Payout received');
    expect(text).toContain('Slot won');
  });

  it('changes the quota from Settings at once, and refuses one below what is held', async () => {
    await page.goto(`${host.origin}/#/settings`);
    await page.getByTestId(TestId.QuotaInput).fill('3 GiB');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByTestId(TestId.QuotaValue).textContent(), { timeout: 10_000 }).toBe('3 GiB');
    const space = (await (await api('/api/codex/v1/space')).json()) as { quotaMaxBytes: number | string };
    expect(String(space.quotaMaxBytes)).toBe(String(3n * 2n ** 30n));
    await page.getByTestId(TestId.QuotaInput).fill('1 KiB');
    await expect.poll(() => page.getByTestId(TestId.FieldError).textContent()).toContain('must be at least');
    await page.screenshot({ path: artifactPath('flow-quota.png'), fullPage: true });
  });
});
