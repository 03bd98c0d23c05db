import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SlotDetail from '../../../../src-renderer/components/slots/SlotDetail.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { startApp, stopApps } from '../../helpers/app';
import { hexId } from '../../helpers/examples';

afterEach(stopApps);

describe('SlotDetail', () => {
  it("shows a slot's timeline, download progress and proofs", async () => {
    const app = await startApp();
    render(SlotDetail, { context: app.context, props: { slotId: hexId(100) } });
    const timeline = await screen.findByTestId(TestId.SlotTimeline);
    expect([...timeline.querySelectorAll('li')].map((li) => li.dataset.state)).toEqual([
      'SalePreparing',
      'SaleDownloading',
    ]);
    expect(screen.getByTestId(TestId.SlotState).textContent).toBe('Downloading');
    expect(screen.getByTestId(TestId.SlotProgress).getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByTestId(TestId.SlotProofs).textContent).toMatch(/0\s*required\s*0\s*submitted\s*0\s*missed/);
    expect(screen.getByTestId(TestId.SlotPayout).textContent).toContain('Not paid yet');
    expect(screen.getByTestId(TestId.SlotProofBuild).textContent).toContain('No proof built yet.');
  });

  it('shows how long building its proofs took, last and on average', async () => {
    const app = await startApp();
    render(SlotDetail, { context: app.context, props: { slotId: hexId(101) } });
    const build = await screen.findByTestId(TestId.SlotProofBuild);
    expect(build.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Building a proof took 147 ms last time, 151 ms on average over 3 proofs.',
    );
  });

  it('says in plain words why a skipped slot was not taken', async () => {
    const app = await startApp();
    render(SlotDetail, { context: app.context, props: { slotId: hexId(104) } });
    expect((await screen.findByTestId(TestId.SlotIgnoredReason)).textContent).toContain(
      'The request pays less than the minimum price of your availabilities.',
    );
  });

  it('shows the payout of a finished slot', async () => {
    const app = await startApp();
    render(SlotDetail, { context: app.context, props: { slotId: hexId(103) } });
    expect((await screen.findByTestId(TestId.SlotPayout)).textContent).toContain('0.000000000012 TST paid');
  });

  it('reloads the timeline when the live stream moves the slot on', async () => {
    const app = await startApp();
    render(SlotDetail, { context: app.context, props: { slotId: hexId(100) } });
    await screen.findByTestId(TestId.SlotTimeline);
    const source = app.backend.source;
    const slot = source.slotMap.get(hexId(100))!;
    const moved = {
      ...slot,
      state: 'SaleFilling' as const,
      history: [...slot.history, { state: 'SaleFilling' as const, at: slot.startedAt + 4000 }],
    };
    source.slotMap.set(slot.slotId, moved);
    const { history: _history, ...live } = moved;
    source.emit({ kind: 'slot', value: live });
    await vi.waitFor(() => expect(screen.getByTestId(TestId.SlotTimeline).querySelectorAll('li')).toHaveLength(3));
    expect(screen.getByTestId(TestId.SlotState).textContent).toBe('Filling');
  });

  it('tells the operator when the slot is unknown', async () => {
    const app = await startApp();
    render(SlotDetail, { context: app.context, props: { slotId: hexId(999) } });
    expect((await screen.findByTestId(TestId.ErrorBanner)).textContent).toBe('That item no longer exists.');
  });
});
