import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SetupChecklist from '../../../../src-renderer/components/setup/SetupChecklist.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { FakeSalesSource } from '../../../fakes/sales-source';
import { startApp, stopApps } from '../../helpers/app';

afterEach(stopApps);

const steps = () =>
  screen.getAllByTestId(TestId.SetupStep).map((s) => ({ step: s.dataset.step, done: s.dataset.done === 'true' }));

describe('SetupChecklist', () => {
  it('walks a new operator through quota, offer and selling, each ticked as the engine does it', async () => {
    const source = new FakeSalesSource();
    const app = await startApp(source);
    render(SetupChecklist, { context: app.context });
    expect(steps()).toEqual([
      { step: 'quota', done: false },
      { step: 'offer', done: false },
      { step: 'selling', done: false },
    ]);
    expect(screen.getByTestId(TestId.SetupChecklist).textContent).toContain('(the default)');
    await app.state.disk.setQuota(70n * 2n ** 30n);
    await vi.waitFor(() => expect(steps()[0]).toEqual({ step: 'quota', done: true }));
    await app.state.availabilities.create({
      totalSize: '1000',
      duration: 60,
      minPricePerBytePerSecond: '1',
      totalCollateral: '1',
    });
    // Everything done: the checklist steps aside.
    await vi.waitFor(() => expect(screen.queryByTestId(TestId.SetupChecklist)).toBeNull());
  });

  it('asks for a funded wallet and the circuit files on a chain market, and offers to resume selling', async () => {
    const source = new FakeSalesSource().withDemoData();
    source.quotaValue = { ...source.quotaValue, chosen: true };
    source.marketValue = { ...source.marketValue, kind: 'chain', balance: '0', gasBalance: '0', circuits: 'missing' };
    const app = await startApp(source);
    await app.state.settings.setPaused(true);
    render(SetupChecklist, { context: app.context });
    expect(steps()).toEqual([
      { step: 'quota', done: true },
      { step: 'offer', done: true },
      { step: 'wallet', done: false },
      { step: 'circuits', done: false },
      { step: 'selling', done: false },
    ]);
    await fireEvent.click(screen.getByRole('button', { name: 'Resume selling' }));
    await vi.waitFor(() => expect(source.paused).toBe(false));
  });
});
