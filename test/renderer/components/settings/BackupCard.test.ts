import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackupDto } from '../../../../src-main/api/contract';
import BackupCard from '../../../../src-renderer/components/settings/BackupCard.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { startApp, stopApps } from '../../helpers/app';

afterEach(() => {
  stopApps();
  vi.restoreAllMocks();
});

const made: BackupDto = {
  name: 'slotkeeper-backup-2025-01-31T12-00-00-000Z-a1b2c3.tar',
  path: '/data/backups/slotkeeper-backup-2025-01-31T12-00-00-000Z-a1b2c3.tar',
  bytes: '2048',
  createdAt: '2025-01-31T12:00:00.000Z',
  files: [{ name: 'sales.sqlite', bytes: '1024', sha256: 'ab'.repeat(32) }],
  downloadPath: '/api/backups/slotkeeper-backup-2025-01-31T12-00-00-000Z-a1b2c3.tar',
};

describe('BackupCard', () => {
  it('backs up on the host and downloads the file in the browser', async () => {
    const tar = new Blob(['tar bytes']);
    const create = vi.fn(async () => made);
    const app = await startApp(undefined, { backups: { create }, files: { [made.downloadPath!]: tar } });
    const saved: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (saved.push(b), 'blob:test'));
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(BackupCard, { context: app.context });
    await fireEvent.click(screen.getByTestId(TestId.BackupButton));
    await vi.waitFor(() => expect(screen.getByTestId(TestId.BackupResult).textContent).toContain('downloaded here'));
    expect(create).toHaveBeenCalledTimes(1);
    expect(saved).toEqual([tar]);
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId(TestId.BackupResult).textContent).toContain(`2 KiB on the host as ${made.path}`);
  });

  it('says where the backup is when the host serves no download (the desktop app)', async () => {
    const app = await startApp(undefined, { backups: { create: async () => ({ ...made, downloadPath: undefined }) } });
    render(BackupCard, { context: app.context });
    await fireEvent.click(screen.getByTestId(TestId.BackupButton));
    await vi.waitFor(() => expect(screen.getByTestId(TestId.BackupResult).textContent).toContain(made.path));
    expect(screen.getByTestId(TestId.BackupResult).textContent).not.toContain('downloaded');
  });

  it('shows why a backup failed', async () => {
    const app = await startApp();
    render(BackupCard, { context: app.context });
    await fireEvent.click(screen.getByTestId(TestId.BackupButton));
    await vi.waitFor(() => expect(screen.getByText(/not reachable right now/)).toBeTruthy());
    expect(screen.queryByTestId(TestId.BackupResult)).toBeNull();
  });
});
