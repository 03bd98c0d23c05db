import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from '../../../../src-main/api/errors';
import { CodexTexts, QuotaNotEnoughError } from '../../../../src-main/engine/index';
import AvailabilityForm from '../../../../src-renderer/components/availability/AvailabilityForm.svelte';
import { unixToLocalInput } from '../../../../src-renderer/state/until';
import { TestId } from '../../../../src-renderer/testids';
import { FakeSalesSource } from '../../../fakes/sales-source';
import { startApp, stopApps, type TestApp } from '../../helpers/app';

afterEach(stopApps);

const GiB = 2n ** 30n;
const demoId = '0x' + (9001).toString(16).padStart(64, '0');

async function renderForm(app: TestApp, editing = false) {
  const ondone = vi.fn();
  const props = editing ? { ondone, editing: app.state.availabilities.list.get(demoId) } : { ondone };
  render(AvailabilityForm, { context: app.context, props });
  return ondone;
}

async function type(testid: TestId, value: string): Promise<void> {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

const errors = () => screen.queryAllByTestId(TestId.FieldError).map((e) => e.textContent);
const sizeErrors = () =>
  [...document.querySelectorAll(`#av-size-problems [data-testid=${TestId.FieldError}]`)].map((e) => e.textContent);
/** A node selling on a market that pays in a 6-decimal token. */
const usdcSource = () => {
  const source = new FakeSalesSource().withDemoData();
  source.marketValue = { ...source.marketValue, token: { symbol: 'USDC', decimals: 6 } };
  return source;
};
const sent = (field: string) =>
  within(screen.getByTestId(TestId.SendPreview))
    .getByText((_t, el) => el?.getAttribute('data-field') === field)
    .textContent?.replace(/\s+/g, ' ');

describe('AvailabilityForm', () => {
  it('shows the exact integers Codex will receive as the operator types', async () => {
    const app = await startApp();
    await renderForm(app);
    await type(TestId.SizeInput, '1.5');
    await type(TestId.PriceInput, '1');
    await type(TestId.CollateralInput, '12.5');
    expect(sent('totalSize')).toContain('1610612736 bytes');
    expect(sent('duration')).toContain('2592000 seconds');
    expect(sent('minPricePerBytePerSecond')).toContain('360 base units');
    expect(sent('minPricePerBytePerSecond')).toContain('1.00192997081088 TST per GiB per month');
    expect(sent('minPricePerBytePerSecond')).toContain('Rounded up');
    expect(sent('totalCollateral')).toContain('12500000000000000000 base units');
  });

  it('judges each field with Codex messages while typing', async () => {
    const app = await startApp();
    await renderForm(app);
    await type(TestId.SizeInput, '0');
    expect(errors()).toEqual(['Total size must be larger then zero']);
    await type(TestId.SizeInput, '38.01'); // the free quota is exactly 38 GiB
    expect(errors()).toEqual(['Not enough storage quota']);
    await type(TestId.SizeInput, '38'); // all of it may be offered, as the store allows
    expect(errors()).toEqual([]);
    await type(TestId.DurationInput, '0');
    await type(TestId.PriceInput, '0');
    await type(TestId.CollateralInput, 'some');
    expect(errors()).toEqual([
      'duration must be larger then zero',
      'minPricePerBytePerSecond must be larger then zero',
      'Enter a number such as 50 or 1.5',
    ]);
    expect(screen.getByTestId(TestId.CollateralInput).getAttribute('aria-invalid')).toBe('true');
  });

  it('holds back errors of untouched fields until the operator submits, and then sends nothing', async () => {
    const app = await startApp();
    await renderForm(app);
    expect(errors()).toEqual([]);
    await fireEvent.click(screen.getByTestId(TestId.FormSubmit));
    expect(errors()).toEqual(['Enter a value', 'Enter a value', 'Enter a value']);
    expect(app.backend.source.commands).toEqual([]);
  });

  it('creates the availability with exact base units and reports back', async () => {
    const app = await startApp();
    const ondone = await renderForm(app);
    await type(TestId.SizeInput, '20');
    await type(TestId.DurationInput, '36');
    await fireEvent.change(screen.getByTestId(TestId.DurationUnit), { target: { value: 'hours' } });
    await type(TestId.PriceInput, '1500');
    await fireEvent.change(screen.getByTestId(TestId.PriceUnit), { target: { value: 'base-byte-second' } });
    await type(TestId.CollateralInput, '0.5');
    await fireEvent.click(screen.getByTestId(TestId.FormSubmit));
    await vi.waitFor(() => expect(ondone).toHaveBeenCalled());
    expect(app.backend.source.commands[0]).toEqual({
      name: 'availability.create',
      args: {
        totalSize: String(20n * GiB),
        duration: 129_600,
        minPricePerBytePerSecond: '1500',
        totalCollateral: '500000000000000000',
        enabled: true,
        until: 0,
      },
    });
    expect(app.state.availabilities.list.size).toBe(2);
  });

  it("shows the server's own message beside the form when it refuses the values", async () => {
    const app = await startApp();
    app.backend.source.createAvailability = async () => {
      throw new ApiFailure('invalid-argument', 'Not enough storage quota');
    };
    const ondone = await renderForm(app);
    await type(TestId.SizeInput, '1');
    await type(TestId.PriceInput, '1');
    await type(TestId.CollateralInput, '1');
    await fireEvent.click(screen.getByTestId(TestId.FormSubmit));
    const banner = await screen.findByTestId(TestId.ServerError);
    expect(banner.textContent).toContain('Not enough storage quota');
    expect(ondone).not.toHaveBeenCalled();
  });

  it("shows the engine's quota refusal under the size field, in the engine's words", async () => {
    const app = await startApp();
    // The dashboard still sees free quota (another change used it up a moment ago); the engine refuses.
    app.backend.source.createAvailability = async () => {
      throw new QuotaNotEnoughError(CodexTexts.quota);
    };
    const ondone = await renderForm(app);
    await type(TestId.SizeInput, '10');
    await type(TestId.PriceInput, '1');
    await type(TestId.CollateralInput, '1');
    expect(sizeErrors()).toEqual([]);
    await fireEvent.click(screen.getByTestId(TestId.FormSubmit));
    await vi.waitFor(() => expect(sizeErrors()).toEqual(['Not enough storage quota']));
    expect(screen.getByTestId(TestId.SizeInput).getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId(TestId.ServerError)).toBeNull();
    expect(screen.getByTestId(TestId.AvailabilityForm).textContent).not.toContain('unexpected');
    expect(ondone).not.toHaveBeenCalled();
    await type(TestId.SizeInput, '5');
    expect(sizeErrors()).toEqual([]);
  });

  it('names and converts amounts in the token the market reports: USDC with 6 decimals', async () => {
    const app = await startApp(usdcSource());
    const ondone = await renderForm(app);
    const options = (testid: TestId) =>
      [...(screen.getByTestId(testid) as HTMLSelectElement).options].map((o) => o.textContent?.trim());
    expect(options(TestId.PriceUnit)).toEqual(['USDC per GiB per month', 'base units per byte per second']);
    expect(options(TestId.CollateralUnit)).toEqual(['USDC', 'base units']);
    await type(TestId.SizeInput, '2');
    await type(TestId.PriceInput, '3000000000'); // 3,000,000,000 USDC per GiB-month ≈ 1.08 base units per byte-second
    await type(TestId.CollateralInput, '12.5');
    expect(sent('totalCollateral')).toContain('12500000 base units');
    expect(sent('totalCollateral')).toContain('= 12.5 USDC');
    expect(sent('minPricePerBytePerSecond')).toContain('2 base units');
    expect(sent('minPricePerBytePerSecond')).toContain('5566277615.616 USDC per GiB per month');
    await type(TestId.CollateralInput, '0.0000001');
    expect(errors()).toEqual(['USDC has 6 decimals; use fewer digits after the point']);
    await type(TestId.CollateralInput, '12.5');
    await fireEvent.click(screen.getByTestId(TestId.FormSubmit));
    await vi.waitFor(() => expect(ondone).toHaveBeenCalled());
    expect(app.backend.source.commands[0]).toMatchObject({
      name: 'availability.create',
      args: { minPricePerBytePerSecond: '2', totalCollateral: '12500000' },
    });
  });

  it('prefills an edit in the market’s token', async () => {
    const app = await startApp(usdcSource());
    await renderForm(app, true);
    // The demo availability's collateral: 60 GiB × 10 base units = 644245094400 base units = 644245.0944 USDC.
    expect((screen.getByTestId(TestId.CollateralInput) as HTMLInputElement).value).toBe('644245.0944');
  });

  it('fills the size from the free quota, keeping headroom for downloads', async () => {
    const app = await startApp();
    await renderForm(app);
    await fireEvent.click(screen.getByTestId(TestId.UseFreeSpace));
    // 80 % of the 38 GiB free quota, floored to hundredths of a GiB
    expect((screen.getByTestId(TestId.SizeInput) as HTMLInputElement).value).toBe('30.39');
    expect(errors()).toEqual([]);
  });

  it('edits by sending only what changed, and refuses to shrink below the bytes in use', async () => {
    const app = await startApp();
    const ondone = await renderForm(app, true);
    expect((screen.getByTestId(TestId.SizeInput) as HTMLInputElement).value).toBe('60');
    expect((screen.getByTestId(TestId.FormSubmit) as HTMLButtonElement).disabled).toBe(true);
    await type(TestId.SizeInput, '20');
    expect(errors()).toEqual([
      `New totalSize must be larger then current totalSize - freeSize, which is currently: ${22n * GiB}`,
    ]);
    await type(TestId.SizeInput, '70');
    expect(errors()).toEqual([]);
    await fireEvent.click(screen.getByTestId(TestId.FormSubmit));
    await vi.waitFor(() => expect(ondone).toHaveBeenCalled());
    expect(app.backend.source.commands[0]).toEqual({
      name: 'availability.update',
      args: { id: demoId, totalSize: String(70n * GiB) },
    });
  });

  it('refuses an end date before the longest slot the availability hosts', async () => {
    const app = await startApp();
    await renderForm(app, true);
    const now = app.state.market.now;
    await type(TestId.UntilInput, unixToLocalInput(now + 86_400));
    expect(errors()).toEqual(['Until parameter must be greater or equal to the longest currently hosted slot']);
    await type(TestId.UntilInput, unixToLocalInput(now + 20 * 86_400));
    expect(errors()).toEqual([]);
  });
});
