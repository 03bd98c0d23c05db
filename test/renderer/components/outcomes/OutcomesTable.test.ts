import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import OutcomesTable from '../../../../src-renderer/components/outcomes/OutcomesTable.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { FakeSalesSource } from '../../../fakes/sales-source';
import { startApp, stopApps } from '../../helpers/app';
import { hexId } from '../../helpers/examples';

afterEach(() => {
  stopApps();
  vi.restoreAllMocks();
});

function withHistory(): FakeSalesSource {
  const source = new FakeSalesSource().withDemoData();
  const now = source.marketValue.now;
  source.outcomes.push(
    {
      id: 'f1',
      kind: 'request-failed',
      at: now - 10 * 86_400,
      slotId: hexId(102),
      requestId: hexId(202),
      slotIndex: 2,
      reason: 'too many slots lost, "badly"',
    },
    {
      id: 'm1',
      kind: 'proofs-missed',
      at: now - 120,
      slotId: hexId(101),
      requestId: hexId(201),
      slotIndex: 1,
      amount: '1500000000000000000',
    },
  );
  return source;
}

const keys = () => screen.getAllByTestId(TestId.TableRow).map((r) => r.dataset.key);

describe('OutcomesTable', () => {
  it('lists events newest first and filters them by kind, age and text', async () => {
    const app = await startApp(withHistory());
    render(OutcomesTable, { context: app.context });
    await vi.waitFor(() => expect(keys()).toEqual(['o2', 'm1', 'o1', 'f1']));
    expect(screen.getByTestId(TestId.OutcomesCount).textContent).toBe('4 of 4 events');
    await fireEvent.change(screen.getByTestId(TestId.OutcomesKind), { target: { value: 'proofs-missed' } });
    await vi.waitFor(() => expect(keys()).toEqual(['m1']));
    await fireEvent.change(screen.getByTestId(TestId.OutcomesKind), { target: { value: '' } });
    await fireEvent.change(screen.getByTestId(TestId.OutcomesSince), { target: { value: '7d' } });
    await vi.waitFor(() => expect(keys()).toEqual(['o2', 'm1', 'o1']));
    await fireEvent.change(screen.getByTestId(TestId.OutcomesSince), { target: { value: 'all' } });
    await fireEvent.input(screen.getByTestId(TestId.OutcomesSearch), { target: { value: 'slots lost' } });
    await vi.waitFor(() => expect(keys()).toEqual(['f1']));
    // The amount says what it is.
    await fireEvent.input(screen.getByTestId(TestId.OutcomesSearch), { target: { value: '' } });
    await vi.waitFor(() => expect(screen.getByText(/slashed/)).toBeTruthy());
  });

  it('exports the filtered events as a CSV download, amounts exact', async () => {
    const app = await startApp(withHistory());
    render(OutcomesTable, { context: app.context });
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (blobs.push(b), 'blob:test'));
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await fireEvent.change(screen.getByTestId(TestId.OutcomesKind), { target: { value: 'proofs-missed' } });
    await fireEvent.click(screen.getByTestId(TestId.OutcomesExport));
    await vi.waitFor(() => expect(click).toHaveBeenCalledOnce());
    expect(screen.getByText('1 row exported')).toBeTruthy();
    expect((click.mock.instances[0] as unknown as HTMLAnchorElement).download).toMatch(
      /^slotkeeper-events-\d{4}-\d\d-\d\d\.csv$/,
    );
    const lines = (await blobs[0]!.text()).split('\r\n');
    expect(lines[0]).toBe('time (UTC),event,slot id,request id,slot index,amount (base units),amount (tokens),reason');
    expect(lines[1]).toBe(
      `2026-09-21T14:11:20.000Z,Proof missed,${hexId(101)},${hexId(201)},1,1500000000000000000,1.5,`,
    );
    expect(lines).toHaveLength(3);
  });
});
