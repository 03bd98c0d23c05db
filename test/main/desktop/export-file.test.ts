import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../mocks/electron'));
const electron = await import('../../mocks/electron');
const { fileSink, saveFileDialog } = await import('../../../src-main/desktop/export-file');

describe('desktop exports', () => {
  it('writes the file under its name only once it is complete', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sk-export-')), 'slots.csv');
    const sink = fileSink(path);
    const line = 'x'.repeat(1000) + '\r\n';
    for (let i = 0; i < 200; i++) await sink.write(line);
    expect(existsSync(path)).toBe(false);
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe(line.repeat(200));
    expect(existsSync(`${path}.partial`)).toBe(false);
  });

  it('leaves nothing behind when the export is abandoned', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sk-export-')), 'events.csv');
    const sink = fileSink(path);
    await sink.write('half,');
    await sink.abort();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });

  it('asks where to save, starting in the given folder, and writes nothing when cancelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sk-export-'));
    const save = saveFileDialog(
      () => undefined,
      () => dir,
    );
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: undefined });
    expect(await save('slotkeeper-slots.csv')).toBeUndefined();
    const options = electron.dialog.showSaveDialog.mock.calls[0]![0] as { defaultPath: string };
    expect(options.defaultPath).toBe(join(dir, 'slotkeeper-slots.csv'));
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(dir, 'mine.csv') });
    const sink = await save('slotkeeper-slots.csv');
    expect(sink?.path).toBe(join(dir, 'mine.csv'));
    await sink?.close();
    expect(readFileSync(join(dir, 'mine.csv'), 'utf8')).toBe('');
  });
});
