import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import AllocationCard from '../../../../src-renderer/components/disk/AllocationCard.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { FakeSalesSource } from '../../../fakes/sales-source';
import { settle, startApp, stopApps } from '../../helpers/app';

afterEach(stopApps);

const GiB = 2n ** 30n;
const legend = () =>
  [...screen.getByTestId(TestId.AllocationLegend).querySelectorAll('li')].map((li) => [
    li.dataset.segment,
    li.querySelector('.bytes')?.textContent,
    li.querySelector('.pct')?.textContent,
  ]);
const widths = () =>
  Object.fromEntries(
    [
      ...screen
        .getByTestId(TestId.AllocationBar)
        .querySelectorAll<HTMLElement>(`[data-testid=${TestId.AllocationSegment}]`),
    ].map((s) => [s.dataset.segment, s.style.width]),
  );

describe('AllocationCard', () => {
  it('splits the quota into stored, in progress, free in availabilities and unallocated', async () => {
    const app = await startApp();
    render(AllocationCard, { context: app.context });
    expect(legend()).toEqual([
      ['stored', '18 GiB', '18 %'],
      ['progress', '6 GiB', '6 %'],
      ['free', '38 GiB', '38 %'],
      ['unallocated', '38 GiB', '38 %'],
    ]);
    expect(widths()).toEqual({ stored: '18%', progress: '6%', free: '38%', unallocated: '38%' });
    expect(screen.getByTestId(TestId.DiskFree).textContent).toContain('500 GiB free of 1000 GiB');
    expect(screen.queryByTestId(TestId.QuotaWarning)).toBeNull();
    expect(screen.queryByTestId(TestId.AccountingMismatch)).toBeNull();
  });

  it('warns when the quota still to be written is larger than the free disk space', async () => {
    const app = await startApp();
    render(AllocationCard, { context: app.context });
    const quota = { ...app.backend.source.quotaValue, diskFreeBytes: String(50n * GiB) };
    app.backend.source.emit({ kind: 'quota', value: quota });
    await settle(app, 1);
    const warning = await vi.waitFor(() => screen.getByTestId(TestId.QuotaWarning));
    expect(warning.textContent).toContain('32 GiB larger than the disk');
    expect(warning.querySelector('[role=alert]')).not.toBeNull();
  });

  it("says so when the availabilities and the quota's reserved bytes disagree", async () => {
    const source = new FakeSalesSource().withDemoData();
    source.quotaValue = { ...source.quotaValue, reservedBytes: String(45n * GiB) };
    const app = await startApp(source);
    render(AllocationCard, { context: app.context });
    expect(screen.getByTestId(TestId.AccountingMismatch).textContent).toContain('differ by 1 GiB');
  });

  it('keeps exact sizes for quotas beyond 2^53 bytes', async () => {
    const source = new FakeSalesSource();
    const PiB = 2n ** 50n;
    source.quotaValue = {
      maxBytes: String(20n * PiB + 1n),
      usedBytes: String(10n * PiB),
      reservedBytes: '0',
      diskFreeBytes: String(30n * PiB),
      diskTotalBytes: String(40n * PiB),
      chosen: true,
    };
    const app = await startApp(source);
    render(AllocationCard, { context: app.context });
    expect(legend()[0]).toEqual(['stored', '10 PiB', '50 %']);
    expect(legend()[3]).toEqual(['unallocated', '10 PiB', '50 %']);
    expect(app.state.disk.allocation?.unallocated).toBe(10n * PiB + 1n);
  });
});
