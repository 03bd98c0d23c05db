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
  it('reads 10,000 slots a page at a time, renders a window of them, and keeps them live', async () => {
    const app = await startApp(bigSource({ slots: 10_000 }));
    render(SlotsTable, { context: app.context });
    await vi.waitFor(() => expect(screen.getAllByTestId(TestId.TableRow).length).toBeGreaterThan(10));
    expect(screen.getAllByTestId(TestId.TableRow).length).toBeLessThan(40);
    expect(app.state.slots.page.rows.length).toBeLessThanOrEqual(400);
    expect(screen.getByTestId(TestId.SlotsCount).textContent).toBe('10,005 of 10,005 slots');
    const first = app.state.slots.rows[0]!;
    app.backend.source.emit({ kind: 'slot', value: { ...first, state: 'SaleFailed' } });
    await settle(app, 1);
    await vi.waitFor(() => expect(states()[0]).toBe('Failed'));
  });

  it('filters by phase and by state', async () => {
    const app = await startApp(bigSource({ slots: 100 }));
    render(SlotsTable, { context: app.context });
    await vi.waitFor(() => expect(screen.getAllByTestId(TestId.TableRow).length).toBeGreaterThan(0));
    await fireEvent.change(screen.getByTestId(TestId.SlotsPhase), { target: { value: 'skipped' } });
    await vi.waitFor(() => expect(new Set(states())).toEqual(new Set(['Skipped'])));
    await fireEvent.change(screen.getByTestId(TestId.SlotsPhase), { target: { value: 'all' } });
    await fireEvent.change(screen.getByTestId(TestId.SlotsState), { target: { value: 'SaleFilled' } });
    await vi.waitFor(() => expect(new Set(states())).toEqual(new Set(['Filled'])));
    await vi.waitFor(() => expect(screen.getByTestId(TestId.SlotsCount).textContent).toBe('20 of 105 slots'));
  });

  it('sorts by size, largest first on the first click', async () => {
    const app = await startApp(bigSource({ slots: 30 }));
    render(SlotsTable, { context: app.context });
    await fireEvent.click(screen.getByRole('button', { name: /Size/ }));
    await vi.waitFor(() => expect(BigInt(app.state.slots.rows[0]!.slotSize)).toBe(9n * 2n ** 30n));
    const sizes = app.state.slots.rows.map((s) => BigInt(s.slotSize));
    expect(sizes).toEqual([...sizes].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
  });

  it('opens a slot from the keyboard', async () => {
    const app = await startApp(bigSource({ slots: 30 }));
    render(SlotsTable, { context: app.context });
    await vi.waitFor(() => expect(app.state.slots.rows.length).toBe(35));
    const grid = screen.getByTestId(TestId.SlotsTable);
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: 'Enter' });
    expect(app.state.router.route).toEqual({ view: 'slot', slotId: app.state.slots.rows[1]!.slotId });
    expect(location.hash).toBe(`#/slots/${app.state.slots.rows[1]!.slotId}`);
    expect(grid.getAttribute('aria-activedescendant')).toMatch(/-row-1$/);
  });

  it('exports every slot matching the filters as CSV with exact integers', async () => {
    const app = await startApp(bigSource({ slots: 10 }));
    app.state.slots.showState('SaleFinished');
    const exported = await app.state.slots.exportCsv();
    if (!exported.ok || exported.value.kind !== 'download') throw new Error('no download');
    const csv = (await exported.value.blob.text()).split('\r\n');
    expect(csv[0]).toMatch(/^slot id,request id,slot index,state,slot size \(bytes\)/);
    expect(csv.filter(Boolean)).toHaveLength(1 + 3);
    expect(csv[1]).toContain(',SaleFinished,');
    expect(exported.value.rows).toBe(3);
    await vi.waitFor(() => expect(app.state.slots.rows.map((s) => s.slotId)).toContain(hexId(103)));
  });
});
