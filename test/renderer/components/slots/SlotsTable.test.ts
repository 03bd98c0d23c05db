import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import SlotsTable from '../../../../src-renderer/components/slots/SlotsTable.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { settle, startApp, stopApps } from '../../helpers/app';
import { bigSource, hexId } from '../../helpers/examples';

beforeEach(() => history.replaceState(null, '', '/'));
afterEach(stopApps);

const states = () =>
  screen
    .getAllByTestId(TestId.TableRow)
    .map((r) => r.querySelector('[role=gridcell]:nth-child(2)')?.textContent?.trim());

describe('SlotsTable', () => {
  it('renders a window of 10,000 slots and keeps it live as states change', async () => {
    const app = await startApp(bigSource({ slots: 10_000 }));
    render(SlotsTable, { context: app.context });
    expect(screen.getAllByTestId(TestId.TableRow).length).toBeLessThan(40);
    const first = app.state.slots.rows[0]!;
    app.backend.source.emit({ kind: 'slot', value: { ...first, state: 'SaleFailed' } });
    await settle(app, 1);
    await vi.waitFor(() => expect(states()[0]).toBe('Failed'));
  });

  it('filters by phase and by state', async () => {
    const app = await startApp(bigSource({ slots: 100 }));
    render(SlotsTable, { context: app.context });
    await fireEvent.change(screen.getByTestId(TestId.SlotsPhase), { target: { value: 'skipped' } });
    expect(new Set(states())).toEqual(new Set(['Skipped']));
    await fireEvent.change(screen.getByTestId(TestId.SlotsPhase), { target: { value: 'all' } });
    await fireEvent.change(screen.getByTestId(TestId.SlotsState), { target: { value: 'SaleFilled' } });
    expect(new Set(states())).toEqual(new Set(['Filled']));
    expect(screen.getByText('20 of 105 slots')).toBeTruthy();
  });

  it('sorts by size, largest first on the first click', async () => {
    const app = await startApp(bigSource({ slots: 30 }));
    render(SlotsTable, { context: app.context });
    await fireEvent.click(screen.getByRole('button', { name: /Size/ }));
    const sizes = app.state.slots.rows.map((s) => BigInt(s.slotSize));
    expect(sizes[0]).toBe(9n * 2n ** 30n);
    expect(sizes).toEqual([...sizes].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
  });

  it('opens a slot from the keyboard', async () => {
    const app = await startApp(bigSource({ slots: 30 }));
    render(SlotsTable, { context: app.context });
    const grid = screen.getByTestId(TestId.SlotsTable);
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: 'Enter' });
    expect(app.state.router.route).toEqual({ view: 'slot', slotId: app.state.slots.rows[1]!.slotId });
    expect(location.hash).toBe(`#/slots/${app.state.slots.rows[1]!.slotId}`);
    expect(grid.getAttribute('aria-activedescendant')).toMatch(/-row-1$/);
  });

  it('exports the filtered slots as CSV with exact integers', async () => {
    const app = await startApp(bigSource({ slots: 10 }));
    app.state.slots.showState('SaleFinished');
    const csv = app.state.slots.toCsv().split('\r\n');
    expect(csv[0]).toMatch(/^slot id,request id,slot index,state,slot size \(bytes\)/);
    expect(csv.filter(Boolean)).toHaveLength(1 + 3);
    expect(csv[1]).toContain(',SaleFinished,');
    expect(app.state.slots.rows.map((s) => s.slotId)).toContain(hexId(103));
  });
});
