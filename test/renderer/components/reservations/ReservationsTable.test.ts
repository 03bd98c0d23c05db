import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import ReservationsTable from '../../../../src-renderer/components/reservations/ReservationsTable.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { startApp, stopApps } from '../../helpers/app';
import { bigSource, demoAvailability, hexId } from '../../helpers/examples';

afterEach(stopApps);

const rowKeys = () => screen.getAllByTestId(TestId.TableRow).map((r) => r.getAttribute('data-key'));
const viewport = () => screen.getByTestId(TestId.ReservationsTable).querySelector('.viewport') as HTMLElement;

describe('ReservationsTable', () => {
  it('renders only the rows in view out of 10,000', async () => {
    const app = await startApp(bigSource({ reservations: 10_000 }));
    render(ReservationsTable, { context: app.context });
    const rows = screen.getAllByTestId(TestId.TableRow);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(40);
    expect(screen.getByTestId(TestId.ReservationsTable).getAttribute('aria-rowcount')).toBe('10004');
    expect(screen.getByText('10,003 of 10,003 reservations')).toBeTruthy();
  });

  it('shows the rows further down once scrolled there', async () => {
    const app = await startApp(bigSource({ reservations: 10_000 }));
    render(ReservationsTable, { context: app.context });
    const wanted = app.state.reservations.rows[5000]!.id;
    viewport().scrollTop = 5000 * 38;
    await fireEvent.scroll(viewport());
    expect(rowKeys()).toContain(wanted);
    expect(rowKeys()).not.toContain(app.state.reservations.rows[0]!.id);
  });

  it('sorts by a column and flips on a second click', async () => {
    const app = await startApp(bigSource({ reservations: 50 }));
    render(ReservationsTable, { context: app.context });
    await fireEvent.click(screen.getByRole('button', { name: /Still reserved/ }));
    const sizes = () => app.state.reservations.rows.map((r) => BigInt(r.size));
    expect(sizes()).toEqual([...sizes()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(screen.getByRole('columnheader', { name: /Still reserved/ }).getAttribute('aria-sort')).toBe('ascending');
    await fireEvent.click(screen.getByRole('button', { name: /Still reserved/ }));
    expect(sizes()[0]).toBe(6n * 2n ** 30n);
    expect(screen.getByRole('columnheader', { name: /Still reserved/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('filters by availability and by id', async () => {
    const app = await startApp(bigSource({ reservations: 100 }));
    render(ReservationsTable, { context: app.context });
    await fireEvent.change(screen.getByTestId(TestId.ReservationsAvailability), {
      target: { value: demoAvailability },
    });
    expect(app.state.reservations.rows.every((r) => r.availabilityId === demoAvailability)).toBe(true);
    expect(screen.getByText('53 of 103 reservations')).toBeTruthy();
    await fireEvent.input(screen.getByTestId(TestId.ReservationsSearch), {
      target: { value: hexId(2_000_042).slice(-6) },
    });
    expect(rowKeys()).toEqual([hexId(1_000_042)]);
  });

  it('tells the operator when nothing matches', async () => {
    const app = await startApp(bigSource({ reservations: 10 }));
    render(ReservationsTable, { context: app.context });
    await fireEvent.input(screen.getByTestId(TestId.ReservationsSearch), { target: { value: 'no such id' } });
    expect(screen.getByTestId(TestId.EmptyState).textContent).toContain('No reservation matches these filters');
  });
});
