import { mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestId } from '../../src-renderer/testids';
import { artifactPath, launchChromium, runHeadlessToExit, startHeadless, type HeadlessProcess } from './harness';

let host: HeadlessProcess;
let browser: Browser;

beforeAll(async () => {
  host = await startHeadless();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('dashboard in Chromium against npm run headless', () => {
  it('prints the ready line with a loopback address and a token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{16,}$/);
  });

  it('connects over the WebSocket bridge and shows the engine clock ticking', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(host.url);

    const status = page.getByTestId(TestId.ConnectionStatus);
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('Connected (browser)');
    const clock = page.getByTestId(TestId.EngineClock);
    const first = await clock.textContent({ timeout: 15_000 });
    expect(first).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await expect.poll(() => clock.textContent(), { timeout: 5_000, interval: 250 }).not.toBe(first);

    expect(new URL(page.url()).hash).toBe('');
    await page.screenshot({ path: artifactPath('dashboard.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps working after a reload, with the token no longer in the address bar', async () => {
    const page = await browser.newPage();
    await page.goto(host.url);
    await expect
      .poll(() => page.getByTestId(TestId.ConnectionStatus).textContent(), { timeout: 15_000 })
      .toContain('Connected');
    await page.reload();
    await expect.poll(() => page.getByTestId(TestId.EngineClock).textContent(), { timeout: 15_000 }).toMatch(/UTC$/);
    await page.close();
  });

  it('shows alerts the moment the engine raises them, counts them in the header, and dismisses them', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(host.url);
    await page.goto(`${host.origin}/#/alerts`);
    await expect
      .poll(() => page.getByTestId(TestId.EmptyState).textContent(), { timeout: 15_000 })
      .toContain('Nothing needs your attention');
    // The data folder's write check finds its file name taken by a folder: a write that fails for
    // real, even as root. Raising the low token mark in Settings makes the engine check at once.
    const blocker = join(host.dataDir, '.write-check');
    mkdirSync(blocker);
    try {
      await page.goto(`${host.origin}/#/settings`);
      await page.getByTestId(TestId.LowTokenMark).fill('100000000');
      await page.getByTestId(TestId.AlertMarksSave).click();
      await expect
        .poll(() => page.getByTestId(TestId.AttentionLink).textContent(), { timeout: 10_000 })
        .toContain('1 alert needs attention');
      await page.getByTestId(TestId.AttentionLink).click();
      const keys = async () =>
        (await page.getByTestId(TestId.AlertRow).evaluateAll((rows) => rows.map((r) => r.dataset.key ?? ''))).sort();
      await expect.poll(keys, { timeout: 10_000 }).toEqual(['data-folder-unwritable', 'wallet-low-tokens']);
      await expect.poll(() => page.getByTestId(TestId.SellingStatus).textContent()).toContain('Needs attention');
      await page.screenshot({ path: artifactPath('alerts-live.png'), fullPage: true });

      await page
        .getByTestId(TestId.AlertRow)
        .filter({ hasText: 'could not write' })
        .getByTestId(TestId.AlertDismiss)
        .click();
      await expect.poll(keys, { timeout: 10_000 }).toEqual(['wallet-low-tokens']);
      await expect.poll(() => page.getByTestId(TestId.AttentionLink).count()).toBe(0);
    } finally {
      rmdirSync(blocker);
    }
    await page.getByTestId(TestId.AlertsDismissAll).click();
    await expect.poll(() => page.getByTestId(TestId.AlertRow).count(), { timeout: 10_000 }).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses the api to a caller without the token', async () => {
    const response = await fetch(`${host.origin}/api/codex/v1/space`);
    expect(response.status).toBe(401);
  });

  it('refuses to listen beyond loopback without a token, and says why', async () => {
    const { code, output } = await runHeadlessToExit(['--host', '0.0.0.0', '--port', '0']);
    expect(code).toBe(2);
    expect(output).toContain('refusing to listen on 0.0.0.0 without --token');
  });

  it('refuses a bad flag with what to type instead', async () => {
    const { code, output } = await runHeadlessToExit(['--port', 'eighty']);
    expect(code).toBe(2);
    expect(output).toContain('--port must be a whole number');
  });

  it('refuses a second engine on the same data folder', async () => {
    const { code, output } = await runHeadlessToExit(['--port', '0', '--data-dir', host.dataDir]);
    expect(code).toBe(2);
    expect(output).toContain('Another Slotkeeper');
  });
});
