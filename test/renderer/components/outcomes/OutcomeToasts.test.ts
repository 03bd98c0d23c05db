import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutcomeDto } from '../../../../src-main/api/dto';
import OutcomeToasts from '../../../../src-renderer/components/outcomes/OutcomeToasts.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { settle, startApp, stopApps } from '../../helpers/app';
import { hexId } from '../../helpers/examples';

beforeEach(() => history.replaceState(null, '', '/'));
afterEach(stopApps);

const outcome = (id: string, kind: OutcomeDto['kind'] = 'slot-won'): OutcomeDto => ({
  id,
  kind,
  at: 1_790_000_100,
  slotId: hexId(101),
  requestId: hexId(201),
  slotIndex: 1,
});

describe('OutcomeToasts', () => {
  it('announces outcomes from patches but not those already in the snapshot', async () => {
    const app = await startApp();
    render(OutcomeToasts, { context: app.context });
    expect(screen.queryAllByTestId(TestId.Toast)).toHaveLength(0);
    app.backend.source.emit({ kind: 'outcome', value: outcome('n1') });
    await settle(app, 1);
    await vi.waitFor(() => expect(screen.getAllByTestId(TestId.Toast)).toHaveLength(1));
    expect(screen.getByTestId(TestId.Toasts).getAttribute('aria-live')).toBe('polite');
    expect(screen.getByTestId(TestId.Toast).textContent).toContain('Slot won');
  });

  it('shows each outcome once, however often it arrives', async () => {
    const app = await startApp();
    render(OutcomeToasts, { context: app.context });
    app.backend.source.emit({ kind: 'outcome', value: outcome('dup') });
    await settle(app, 1);
    app.backend.source.emit({ kind: 'outcome', value: outcome('dup') });
    app.backend.source.emit({ kind: 'outcome', value: outcome('o2', 'payout') }); // already in the snapshot
    await settle(app, 2);
    expect(screen.getAllByTestId(TestId.Toast).map((t) => t.dataset.outcome)).toEqual(['dup']);
    expect(app.state.outcomes.log.filter((o) => o.id === 'dup')).toHaveLength(1);
  });

  it('stays quiet about kinds the operator switched off, but keeps them in history', async () => {
    const app = await startApp();
    render(OutcomeToasts, { context: app.context });
    await app.state.settings.update({ notifications: { 'slot-won': false } });
    app.backend.source.emit({ kind: 'outcome', value: outcome('quiet') });
    app.backend.source.emit({ kind: 'outcome', value: outcome('loud', 'sale-errored') });
    await vi.waitFor(() => expect(app.state.outcomes.log.map((o) => o.id)).toContain('quiet'));
    await vi.waitFor(() => expect(screen.getAllByTestId(TestId.Toast).map((t) => t.dataset.outcome)).toEqual(['loud']));
  });

  it("opens the outcome's slot when clicked, and can be dismissed", async () => {
    const app = await startApp();
    render(OutcomeToasts, { context: app.context });
    app.backend.source.emit({ kind: 'outcome', value: outcome('a') });
    app.backend.source.emit({ kind: 'outcome', value: outcome('b', 'proofs-missed') });
    await vi.waitFor(() => expect(screen.getAllByTestId(TestId.Toast)).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId(TestId.ToastDismiss)[0]!);
    expect(screen.getAllByTestId(TestId.Toast).map((t) => t.dataset.outcome)).toEqual(['a']);
    await fireEvent.click(screen.getByText('Slot won'));
    expect(location.hash).toBe(`#/slots/${hexId(101)}`);
    expect(screen.queryAllByTestId(TestId.Toast)).toHaveLength(0);
  });
});
