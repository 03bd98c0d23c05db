import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from '../../../../src-main/api/errors';
import QuotaSetting from '../../../../src-renderer/components/settings/QuotaSetting.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { startApp, stopApps } from '../../helpers/app';

afterEach(stopApps);
const GiB = 2n ** 30n;

async function type(value: string): Promise<void> {
  await fireEvent.input(screen.getByTestId(TestId.QuotaInput), { target: { value } });
}

describe('QuotaSetting', () => {
  it('takes the quota in the operator’s units and applies it at once', async () => {
    const app = await startApp();
    render(QuotaSetting, { context: app.context });
    expect(screen.getByTestId(TestId.QuotaValue).textContent).toBe('100 GiB');
    await type('150 GiB');
    expect(screen.getByTestId(TestId.QuotaSetting).textContent).toContain('= 150 GiB (161,061,273,600 bytes)');
    await fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await vi.waitFor(() => expect(screen.getByTestId(TestId.QuotaValue).textContent).toBe('150 GiB'));
    expect(app.backend.source.commands.at(-1)).toEqual({ name: 'quota.set', args: 150n * GiB });
  });

  it('explains a size it cannot read, and one below what is held, before sending anything', async () => {
    const app = await startApp();
    render(QuotaSetting, { context: app.context });
    await type('70 G');
    expect(screen.getByTestId(TestId.FieldError).textContent).toContain('could mean GB');
    // The demo node holds 18 GiB of slot data and 44 GiB offered.
    await type('50 GiB');
    expect(screen.getByTestId(TestId.FieldError).textContent).toContain('at least 62 GiB');
    expect((screen.getByRole('button', { name: 'Apply' }) as HTMLButtonElement).disabled).toBe(true);
    expect(app.backend.source.commands).toEqual([]);
  });

  it('shows the engine’s refusal in its own words', async () => {
    const app = await startApp();
    app.backend.source.setQuota = async () => {
      throw new ApiFailure('invalid-argument', 'The quota must be at least 63 GiB: this host already holds more.');
    };
    render(QuotaSetting, { context: app.context });
    await type('62.5 GiB');
    await fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect((await screen.findByTestId(TestId.ErrorBanner)).textContent).toContain('at least 63 GiB');
  });
});
