// Screenshots of every screen in light and dark, from the real headless server (in-process) over
// a FakeSalesSource with demo data, in Debian's Chromium. They are committed under
// docs/screenshots/ so the README shows what operators get; the test also fails on any console
// error, which is where CSP violations (inline styles, inline scripts) show up.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type RunningApi } from '../../src-main/api/service';
import { startHeadlessServer, type HeadlessServer } from '../../src-main/headless/server';
import { TestId } from '../../src-renderer/testids';
import { demoTightQuota, raiseDemoAlerts } from '../fakes/demo-alerts';
import { FakeSalesSource, MemorySettings } from '../fakes/sales-source';
import { openTestAlertStore } from '../fakes/test-db';
import { launchChromium, repoRoot } from './harness';

const shotsDir = join(repoRoot, 'docs', 'screenshots');
const hex = (n: number) => '0x' + n.toString(16).padStart(64, '0');

interface Served {
  api: RunningApi;
  server: HeadlessServer;
  source: FakeSalesSource;
  alerts: ReturnType<typeof openTestAlertStore>;
}

async function serve(source: FakeSalesSource, withAlerts = false): Promise<Served> {
  // A real alert store on a temp file; the demo's alerts are raised by the engine's own helpers.
  const alerts = openTestAlertStore(source.marketValue.now);
  if (withAlerts) raiseDemoAlerts(alerts.store, alerts.clock, source.marketValue.now);
  // The engine clock shows the chain's time, so the committed PNGs stay identical from run to run.
  const api = createApi({
    host: 'headless',
    version: 'screens',
    source,
    settings: new MemorySettings(),
    alerts: alerts.store,
    now: () => source.marketValue.now,
    tickIntervalMs: 60_000,
  });
  const server = await startHeadlessServer({
    api,
    token: 'screens-token-0123456789',
    host: '127.0.0.1',
    port: 0,
    rendererDir: join(repoRoot, 'out', 'renderer'),
  });
  return { api, server, source, alerts };
}

let browser: Browser;
let demo: Served;
let empty: Served;

beforeAll(async () => {
  const build = (await import(join(repoRoot, 'scripts', 'ensure-build.mjs'))) as { ensureBuild: () => void };
  build.ensureBuild();
  mkdirSync(shotsDir, { recursive: true });
  // The demo's disk is as tight as its disk alert says.
  const source = new FakeSalesSource().withDemoData();
  source.quotaValue = demoTightQuota;
  // The embedded market's host node, as the default app shows it: on loopback, its one peer the clients'.
  source.marketValue = {
    ...source.marketValue,
    network: {
      peerId: '16Uiu2HAmRkMTjVKqQ1RRfnB7aFnpYYVudCxvdtjAaK1P8rM1i3px',
      listenAddrs: ['/ip4/127.0.0.1/tcp/38543'],
      announceAddrs: ['/ip4/127.0.0.1/tcp/38543/p2p/16Uiu2HAmRkMTjVKqQ1RRfnB7aFnpYYVudCxvdtjAaK1P8rM1i3px'],
      peers: 1,
    },
  };
  demo = await serve(source, true);
  empty = await serve(new FakeSalesSource());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const s of [demo, empty]) {
    s?.api.close();
    await s?.server.close();
    s?.alerts.dispose();
  }
});

/** A page signed in to a server, collecting console errors and CSP violations. */
async function open(served: Served, scheme: 'light' | 'dark'): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1320, height: 900 }, colorScheme: scheme });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(served.server.url);
  await page.getByTestId(TestId.SlotStateCounts).waitFor();
  await expect.poll(() => page.getByTestId(TestId.LiveStatus).count()).toBe(0);
  return { page, problems };
}

async function go(page: Page, hash: string, ready: TestId): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
  await page.getByTestId(ready).first().waitFor();
}

/** Controls and figures that lie under a toast: none may. */
async function coveredByToasts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const toasts = [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.getBoundingClientRect());
    const lane = document.querySelector('[data-testid="toasts"]');
    const things = [...document.querySelectorAll('button, a, input, select, dd, strong, [data-testid]')].filter(
      (el) => !lane?.contains(el) && !el.contains(lane),
    );
    const overlaps = (a: DOMRect, b: DOMRect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom && b.width > 0 && b.height > 0;
    return things
      .filter((el) => toasts.some((t) => overlaps(t, el.getBoundingClientRect())))
      .map((el) => el.getAttribute('data-testid') ?? el.textContent?.trim().slice(0, 40) ?? el.tagName);
  });
}

async function shoot(page: Page, name: string, scheme: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(shotsDir, `${name}-${scheme}.png`), fullPage: true });
}

describe.each(['light', 'dark'] as const)('screens in %s', (scheme) => {
  it('shows every screen without console errors or CSP violations', async () => {
    const { page, problems } = await open(demo, scheme);
    expect(new URL(page.url()).hash).toBe('');

    await shoot(page, 'overview', scheme);
    await go(page, '#/availabilities', TestId.AvailabilityRow);
    await shoot(page, 'availabilities', scheme);

    await go(page, '#/availabilities/new', TestId.AvailabilityForm);
    // A realistic first offer, more than the free quota: the form says how much is free and where to raise it.
    await page.getByTestId(TestId.SizeInput).fill('50');
    await page.getByTestId(TestId.PriceInput).fill('1');
    await page.getByTestId(TestId.CollateralInput).fill('');
    await page.getByTestId(TestId.CollateralInput).press('Tab');
    await page.getByTestId(TestId.FormSubmit).click();
    await page.getByTestId(TestId.FieldError).first().waitFor();
    await shoot(page, 'availability-form', scheme);

    await go(page, `#/availabilities/${hex(9001)}`, TestId.AvailabilityForm);
    await shoot(page, 'availability-edit', scheme);
    await go(page, '#/reservations', TestId.ReservationsTable);
    await shoot(page, 'reservations', scheme);
    await go(page, '#/slots', TestId.SlotsTable);
    await shoot(page, 'slots', scheme);
    await go(page, `#/slots/${hex(100)}`, TestId.SlotTimeline);
    await shoot(page, 'slot-detail', scheme);
    await go(page, `#/slots/${hex(101)}`, TestId.SlotEarlierSale);
    await shoot(page, 'slot-hosted', scheme);
    await go(page, `#/slots/${hex(104)}`, TestId.SlotIgnoredReason);
    await shoot(page, 'slot-skipped', scheme);
    await go(page, '#/queue', TestId.QueueTable);
    await shoot(page, 'queue', scheme);
    await go(page, '#/history', TestId.OutcomesTable);
    await shoot(page, 'history', scheme);
    await go(page, '#/alerts', TestId.AlertsList);
    await shoot(page, 'alerts', scheme);
    await go(page, '#/settings', TestId.SettingsForm);
    await shoot(page, 'settings', scheme);

    demo.source.emit({
      kind: 'outcome',
      value: {
        id: `won-${scheme}`,
        kind: 'slot-won',
        at: demo.source.marketValue.now,
        slotId: hex(101),
        requestId: hex(201),
        slotIndex: 1,
        amount: '10096640000000000000',
      },
    });
    await page.getByTestId(TestId.Toast).waitFor();
    await go(page, '#/overview', TestId.AllocationBar);
    await shoot(page, 'toast', scheme);
    // The toast has a lane of its own: no control or figure lies under it, here or on the form.
    expect(await coveredByToasts(page)).toEqual([]);
    await go(page, '#/availabilities/new', TestId.AvailabilityForm);
    expect(await coveredByToasts(page)).toEqual([]);
    await go(page, '#/overview', TestId.AllocationBar);
    await page.getByTestId(TestId.Toast).locator('button').first().click();
    await page.getByTestId(TestId.SlotDetail).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/slots/${hex(101)}`);

    expect(problems).toEqual([]);
    await page.close();
  });

  it('tells a new operator what to do on empty screens', async () => {
    const { page, problems } = await open(empty, scheme);
    await page.getByTestId(TestId.SetupChecklist).waitFor();
    await shoot(page, 'first-run', scheme);
    await go(page, '#/availabilities', TestId.EmptyState);
    await expect
      .poll(() => page.getByTestId(TestId.EmptyState).textContent())
      .toContain('offer disk space to start selling');
    await shoot(page, 'availabilities-empty', scheme);
    await go(page, '#/alerts', TestId.EmptyState);
    await expect
      .poll(() => page.getByTestId(TestId.EmptyState).textContent())
      .toContain('Nothing needs your attention');
    await shoot(page, 'alerts-empty', scheme);
    expect(problems).toEqual([]);
    await page.close();
  });
});
