import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import AlertSettings from '../../../../src-renderer/components/alerts/AlertSettings.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { FakeSalesSource } from '../../../fakes/sales-source';
import { startApp, stopApps } from '../../helpers/app';

afterEach(() => stopApps());

describe('AlertSettings', () => {
  it('saves the low token mark typed in whole tokens as base units, and empty as the default', async () => {
    const app = await startApp(new FakeSalesSource());
    render(AlertSettings, { context: app.context });
    expect(screen.queryByTestId(TestId.LowGasMark)).toBeNull(); // the simulator has no gas
    const input = screen.getByTestId(TestId.LowTokenMark) as HTMLInputElement;
    expect(input.placeholder).toBe('default 1 TST');
    await fireEvent.input(input, { target: { value: '2.5' } });
    await fireEvent.click(screen.getByTestId(TestId.AlertMarksSave));
    await vi.waitFor(() => expect(app.backend.settings.value.alerts.minTokenBalance).toBe('2500000000000000000'));
    expect(input.value).toBe('2.5');
    await fireEvent.input(input, { target: { value: '' } });
    await fireEvent.click(screen.getByTestId(TestId.AlertMarksSave));
    await vi.waitFor(() => expect(app.backend.settings.value.alerts.minTokenBalance).toBeUndefined());
  });

  it('refuses a mark it cannot read and changes nothing', async () => {
    const app = await startApp(new FakeSalesSource());
    render(AlertSettings, { context: app.context });
    await fireEvent.input(screen.getByTestId(TestId.LowTokenMark), { target: { value: 'lots' } });
    await fireEvent.click(screen.getByTestId(TestId.AlertMarksSave));
    expect(screen.getByRole('alert').textContent).toMatch(/^Low token mark: /);
    expect(app.backend.calls).not.toContain('settings.update');
  });

  it('shows the gas mark on a market with gas', async () => {
    const source = new FakeSalesSource();
    source.marketValue = { ...source.marketValue, kind: 'chain', gasBalance: '5' };
    const app = await startApp(source);
    render(AlertSettings, { context: app.context });
    await fireEvent.input(screen.getByTestId(TestId.LowGasMark), { target: { value: '0.05' } });
    await fireEvent.click(screen.getByTestId(TestId.AlertMarksSave));
    await vi.waitFor(() => expect(app.backend.settings.value.alerts.minGasBalance).toBe('50000000000000000'));
  });

  it('switches notifications per severity', async () => {
    const app = await startApp(new FakeSalesSource());
    render(AlertSettings, { context: app.context });
    const toggles = screen.getAllByTestId(TestId.AlertNotifyToggle) as HTMLInputElement[];
    expect(toggles.map((t) => [t.dataset.severity, t.checked])).toEqual([
      ['critical', true],
      ['error', true],
      ['warning', true],
      ['info', false],
    ]);
    await fireEvent.click(toggles[2]!);
    await vi.waitFor(() => expect(app.backend.settings.value.alerts.notify.warning).toBe(false));
  });
});
