import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodexTexts, NotFoundError } from '../../../../src-main/engine/index';
import AvailabilityList from '../../../../src-renderer/components/availability/AvailabilityList.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { FakeSalesSource } from '../../../fakes/sales-source';
import { startApp, stopApps } from '../../helpers/app';

afterEach(stopApps);

describe('AvailabilityList', () => {
  it('writes price and collateral in the market’s token', async () => {
    const source = new FakeSalesSource().withDemoData();
    source.marketValue = { ...source.marketValue, token: { symbol: 'USDC', decimals: 6 } };
    const app = await startApp(source);
    render(AvailabilityList, { context: app.context });
    const row = screen.getByTestId(TestId.AvailabilityRow);
    // 1000 base units per byte-second × 2^30 bytes × 30 days = 2,783,138,807,808 USDC (10^6 base units each).
    expect(row.textContent).toContain('2,783,138,807,808 USDC / GiB·month');
    // 38 GiB × 10 and 60 GiB × 10 base units of collateral.
    expect(row.textContent).toContain('408,021.8931 USDC of 644,245.0944 USDC');
  });

  it('shows the engine’s own message on the row whose enable or disable it refused', async () => {
    const app = await startApp();
    app.backend.source.updateAvailability = async () => {
      throw new NotFoundError(CodexTexts.availabilityNotFound);
    };
    render(AvailabilityList, { context: app.context });
    const row = screen.getByTestId(TestId.AvailabilityRow);
    await fireEvent.click(within(row).getByTestId(TestId.AvailabilityToggle));
    const banner = await vi.waitFor(() => within(row).getByTestId(TestId.ServerError));
    expect(banner.textContent).toBe('Availability not found');
  });
});
