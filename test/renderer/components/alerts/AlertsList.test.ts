import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import AlertsList from '../../../../src-renderer/components/alerts/AlertsList.svelte';
import AlertsSummary from '../../../../src-renderer/components/alerts/AlertsSummary.svelte';
import AttentionLink from '../../../../src-renderer/components/alerts/AttentionLink.svelte';
import NavTabs from '../../../../src-renderer/components/nav/NavTabs.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { raiseDemoAlerts } from '../../../fakes/demo-alerts';
import { FakeSalesSource } from '../../../fakes/sales-source';
import { openTestAlertStore } from '../../../fakes/test-db';
import { startApp, stopApps } from '../../helpers/app';
import { hexId } from '../../helpers/examples';

let alerts: ReturnType<typeof openTestAlertStore> | undefined;
afterEach(() => {
  stopApps();
  alerts?.dispose();
  alerts = undefined;
});

async function withDemoAlerts() {
  const source = new FakeSalesSource().withDemoData();
  alerts = openTestAlertStore();
  raiseDemoAlerts(alerts.store, alerts.clock, source.marketValue.now);
  return startApp(source, { alerts: alerts.store });
}

const keys = () => screen.queryAllByTestId(TestId.AlertRow).map((r) => r.dataset.key);

describe('AlertsList', () => {
  it('lists alerts most recently seen first, with severity, count and a link to the slot', async () => {
    const app = await withDemoAlerts();
    render(AlertsList, { context: app.context });
    expect(keys()).toEqual([
      `proofs-missed:${hexId(101)}`,
      'disk-below-quota',
      'sale-errored:slot-data-missing',
      'wallet-low-tokens',
    ]);
    const [missed] = screen.getAllByTestId(TestId.AlertRow);
    expect(missed!.querySelector(`[data-testid="${TestId.AlertSeverity}"]`)?.textContent).toBe('Error');
    expect(missed!.textContent).toContain('slashed 1.5 TST');
    expect(missed!.querySelector('a')?.getAttribute('href')).toBe(`#/slots/${hexId(101)}`);
    const counts = screen.getAllByTestId(TestId.AlertCount).map((c) => c.textContent);
    expect(counts).toEqual(['seen once', 'seen once', 'seen 2 times', 'seen once']);
    expect(screen.getAllByTestId(TestId.AlertRow)[3]!.dataset.state).toBe('resolved');
  });

  it('filters by severity and category, and says when nothing matches', async () => {
    const app = await withDemoAlerts();
    render(AlertsList, { context: app.context });
    await fireEvent.change(screen.getByTestId(TestId.AlertsSeverityFilter), { target: { value: 'warning' } });
    expect(keys()).toEqual(['disk-below-quota', 'wallet-low-tokens']);
    await fireEvent.change(screen.getByTestId(TestId.AlertsCategoryFilter), { target: { value: 'wallet' } });
    expect(keys()).toEqual(['wallet-low-tokens']);
    await fireEvent.change(screen.getByTestId(TestId.AlertsCategoryFilter), { target: { value: 'chain' } });
    expect(screen.getByTestId(TestId.EmptyState).textContent).toContain('No alert matches these filters');
  });

  it('dismisses one, then all that are shown', async () => {
    const app = await withDemoAlerts();
    render(AlertsList, { context: app.context });
    await fireEvent.click(screen.getAllByTestId(TestId.AlertDismiss)[0]!);
    await vi.waitFor(() => expect(keys()).toHaveLength(3));
    expect(screen.getByTestId(TestId.AlertsDismissAll).textContent?.trim()).toBe('Dismiss all');
    await fireEvent.click(screen.getByTestId(TestId.AlertsDismissAll));
    await vi.waitFor(() => expect(keys()).toEqual([]));
    expect(screen.getByTestId(TestId.EmptyState).textContent).toContain('Nothing needs your attention');
  });

  it('says on an empty list what the engine watches', async () => {
    alerts = openTestAlertStore();
    const app = await startApp(new FakeSalesSource(), { alerts: alerts.store });
    render(AlertsList, { context: app.context });
    const text = screen.getByTestId(TestId.EmptyState).textContent ?? '';
    expect(text).toContain('Nothing needs your attention');
    for (const watched of ['free disk space against the quota', 'missed and slashed proofs', 'circuit files'])
      expect(text).toContain(watched);
  });
});

describe('attention in the header, the nav and the overview', () => {
  it('counts the alerts that need attention and links to them', async () => {
    const app = await withDemoAlerts();
    render(AttentionLink, { context: app.context });
    render(NavTabs, { context: app.context });
    render(AlertsSummary, { context: app.context });
    const link = screen.getByTestId(TestId.AttentionLink);
    expect(link.textContent?.trim()).toBe('2 alerts need attention');
    expect(link.getAttribute('href')).toBe('#/alerts');
    const tab = screen.getAllByTestId(TestId.NavLink).find((a) => a.dataset.view === 'alerts')!;
    expect(tab.textContent).toBe('Alerts3');
    expect(tab.querySelector('.urgent')).not.toBeNull();
    const summary = screen.getByTestId(TestId.AlertsSummary);
    expect(summary.textContent).toContain('Proofs: Slot 1 of request');
    expect(summary.textContent).toContain('Alerts →');
  });

  it('shows no attention link when nothing needs attention', async () => {
    alerts = openTestAlertStore();
    const app = await startApp(new FakeSalesSource(), { alerts: alerts.store });
    render(AttentionLink, { context: app.context });
    expect(screen.queryByTestId(TestId.AttentionLink)).toBeNull();
  });
});
