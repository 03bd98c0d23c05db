import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SlotDetail from '../../../../src-renderer/components/slots/SlotDetail.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { FakeSalesSource } from '../../../fakes/sales-source';
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
    // Not won yet: no money is promised for it.
    expect(screen.getByTestId(TestId.SlotPayout).textContent).toContain('Not won yet');
    expect(screen.getByTestId(TestId.SlotOnDisk).textContent).toContain('On disk now: 2 GiB');
    expect(screen.getByTestId(TestId.SlotProofBuild).textContent).toContain('No proof built yet.');
  });

  it('promises the payout of a slot it hosts, with the amount, and no longer shows when the request would have expired', async () => {
    const source = new FakeSalesSource().withDemoData();
    const hosted = source.slotMap.get(hexId(101))!;
    source.slotMap.set(hexId(101), { ...hosted, expiresAt: hosted.startedAt + 600 });
    const app = await startApp(source);
    render(SlotDetail, { context: app.context, props: { slotId: hexId(101) } });
    const payout = await screen.findByTestId(TestId.SlotPayout);
    expect(payout.textContent).toMatch(/Not paid yet — due when the request ends in .* \(.* TST expected\)\./);
    expect(screen.getByTestId(TestId.SlotDetail).textContent).not.toContain('Request expires');
  });

  it('never promises money for a skipped, cancelled or failed slot', async () => {
    const source = new FakeSalesSource().withDemoData();
    const base = source.slotMap.get(hexId(101))!;
    for (const [n, state] of [
      [201, 'SaleCancelled'],
      [202, 'SaleFailed'],
      [203, 'SaleErrored'],
    ] as const) {
      const { payout: _payout, ...unpaid } = base;
      source.slotMap.set(hexId(n), { ...unpaid, slotId: hexId(n), state, endedAt: base.startedAt + 10 });
    }
    const app = await startApp(source);
    for (const n of [104, 201, 202, 203]) {
      const view = render(SlotDetail, { context: app.context, props: { slotId: hexId(n) } });
      const text = (await screen.findByTestId(TestId.SlotPayout)).textContent ?? '';
      expect({ n, promise: /due when|expected/.test(text), nothing: /nothing|Skipped/.test(text) }).toEqual({
        n,
        promise: false,
        nothing: true,
      });
      view.unmount();
    }
  });

  it('says how often in a row a slot was skipped', async () => {
    const app = await startApp();
    render(SlotDetail, { context: app.context, props: { slotId: hexId(104) } });
    expect((await screen.findByTestId(TestId.SlotIgnoredReason)).textContent).toContain('Skipped 4 times in a row');
  });

  it('keeps every earlier sale of the slot in view, a slashed one included', async () => {
    const source = new FakeSalesSource().withDemoData();
    const slot = source.slotMap.get(hexId(101))!;
    const { earlier: _earlier, ...lost } = slot;
    source.slotMap.set(hexId(101), {
      ...slot,
      earlier: [
        {
          ...lost,
          state: 'SaleErrored',
          startedAt: slot.startedAt - 86_400,
          endedAt: slot.startedAt - 3600,
          slashed: '5000000000000000000',
          proofs: { required: 9, submitted: 7, missed: 2 },
        },
      ],
    });
    const app = await startApp(source);
    render(SlotDetail, { context: app.context, props: { slotId: hexId(101) } });
    const earlier = await screen.findByTestId(TestId.SlotEarlierSale);
    expect(earlier.dataset.state).toBe('SaleErrored');
    expect(earlier.textContent).toContain('2 proofs missed');
    expect(earlier.textContent).toContain('slashed 5 TST');
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
