import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import QueueTable from '../../../../src-renderer/components/queue/QueueTable.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { startApp, stopApps } from '../../helpers/app';

afterEach(stopApps);

describe('QueueTable', () => {
  it('says the operator paused selling instead of blaming the availabilities', async () => {
    const app = await startApp();
    render(QueueTable, { context: app.context });
    const { source } = app.backend;
    source.queueValue = { ...source.queueValue, paused: true, sellingPaused: true };
    source.emit({ kind: 'queue', value: source.queueValue });
    await vi.waitFor(() => expect(screen.getByTestId(TestId.QueueStatus).textContent).toContain('Selling is paused'));
    expect(screen.getByTestId(TestId.QueueStatus).textContent).not.toContain('none fits an availability');
    source.queueValue = { ...source.queueValue, paused: true, sellingPaused: false };
    source.emit({ kind: 'queue', value: source.queueValue });
    await vi.waitFor(() =>
      expect(screen.getByTestId(TestId.QueueStatus).textContent).toContain('none fits an availability'),
    );
  });
});
