import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../src-renderer/App.svelte';
import { TestId } from '../../src-renderer/testids';
import { FakeSalesSource } from '../fakes/sales-source';
import { startApp, stopApps } from './helpers/app';

beforeEach(() => history.replaceState(null, '', '/'));
afterEach(stopApps);

const title = () => screen.getByTestId(TestId.ViewTitle).textContent;
const current = () =>
  screen.getAllByTestId(TestId.NavLink).find((a) => a.getAttribute('aria-current') === 'page')?.dataset.view;

async function goTo(hash: string): Promise<void> {
  location.hash = hash;
  await fireEvent(window, new HashChangeEvent('hashchange'));
}

describe('App', () => {
  it('reaches every view through the hash and marks the current tab', async () => {
    const app = await startApp();
    render(App, { context: app.context });
    expect(title()).toBe('Overview');
    const views: [string, string, string][] = [
      ['#/availabilities', 'Availabilities', 'availabilities'],
      ['#/availabilities/new', 'Offer disk space', 'availabilities'],
      ['#/reservations', 'Reservations', 'reservations'],
      ['#/slots', 'Slots', 'slots'],
      ['#/queue', 'Queue', 'queue'],
      ['#/history', 'History', 'history'],
      ['#/alerts', 'Alerts', 'alerts'],
      ['#/settings', 'Settings', 'settings'],
      ['#/overview', 'Overview', 'overview'],
    ];
    for (const [hash, heading, tab] of views) {
      await goTo(hash);
      expect(title()).toBe(heading);
      expect(current()).toBe(tab);
    }
  });

  it('writes every amount on every screen in the token the market reports, and shows gas when there is gas', async () => {
    const source = new FakeSalesSource().withDemoData();
    source.marketValue = {
      ...source.marketValue,
      kind: 'chain',
      token: { symbol: 'USDC', decimals: 6 },
      balance: '2500000',
      gasBalance: '300000000000000000',
    };
    const slotId = source.slots().find((s) => s.payout)!.slotId;
    const availabilityId = source.availabilities()[0]!.id;
    const app = await startApp(source);
    render(App, { context: app.context });
    expect(screen.getByTestId(TestId.WalletBalance).textContent).toContain('2.5 USDC');
    expect(screen.getByTestId(TestId.GasBalance).textContent).toContain('0.3 ETH');
    const hashes = ['#/overview', '#/availabilities', `#/availabilities/${availabilityId}`, '#/slots'];
    for (const hash of [...hashes, `#/slots/${slotId}`, '#/queue', '#/history']) {
      await goTo(hash);
      const text = document.body.textContent ?? '';
      expect({ hash, usdc: text.includes('USDC'), tst: text.includes('TST') }).toEqual({
        hash,
        usdc: true,
        tst: false,
      });
    }
  });

  it('moves focus to the new view heading so keyboard users land on it', async () => {
    const app = await startApp();
    render(App, { context: app.context });
    await goTo('#/queue');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId(TestId.ViewTitle)));
  });

  it('pauses and resumes selling from the header', async () => {
    const app = await startApp();
    render(App, { context: app.context });
    expect(screen.getByTestId(TestId.SellingStatus).textContent).toBe('Selling');
    await fireEvent.click(screen.getByTestId(TestId.SellingToggle));
    await vi.waitFor(() => expect(screen.getByTestId(TestId.SellingStatus).textContent).toBe('Paused'));
    expect(app.backend.source.paused).toBe(true);
    expect(screen.getByTestId(TestId.SellingToggle).textContent?.trim()).toBe('Resume selling');
    await fireEvent.click(screen.getByTestId(TestId.SellingToggle));
    await vi.waitFor(() => expect(screen.getByTestId(TestId.SellingStatus).textContent).toBe('Selling'));
    expect(app.backend.source.paused).toBe(false);
  });

  it('tells a new operator to offer disk space', async () => {
    const app = await startApp(new FakeSalesSource());
    render(App, { context: app.context });
    await goTo('#/availabilities');
    expect(screen.getByTestId(TestId.EmptyState).textContent).toContain(
      'No availabilities yet — offer disk space to start selling',
    );
    expect(screen.getByText('Offer disk space', { selector: 'a' }).getAttribute('href')).toBe('#/availabilities/new');
  });

  it('disables and enables an availability from its card', async () => {
    const app = await startApp();
    render(App, { context: app.context });
    await goTo('#/availabilities');
    const toggle = screen.getByTestId(TestId.AvailabilityToggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(toggle);
    await vi.waitFor(() =>
      expect(screen.getByTestId(TestId.AvailabilityToggle).getAttribute('aria-pressed')).toBe('false'),
    );
    expect(app.backend.source.commands.at(-1)).toEqual({
      name: 'availability.update',
      args: { id: app.state.availabilities.list.values[0]!.id, enabled: false },
    });
  });

  it('opens the Alerts view when the desktop shell asks (tray menu, a notification)', async () => {
    const app = await startApp();
    render(App, { context: app.context });
    app.backend.api.emit('ui.open-alerts', {});
    await vi.waitFor(() => expect(title()).toBe('Alerts'));
    expect(current()).toBe('alerts');
  });
});
