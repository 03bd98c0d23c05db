// Exports on the desktop: the operator picks the file in the system's save dialog, and the rows are
// streamed into it. They go to "<name>.partial" first and are renamed when complete, so a failed
// or abandoned export never leaves half a file under the chosen name.
import { dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileSink, SaveFile } from '../api/sources';

/** A file written chunk by chunk, waiting when the disk is slower than the rows. */
export function fileSink(path: string): FileSink {
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial, { mode: 0o600 });
  let failure: Error | undefined;
  stream.on('error', (error) => (failure = error));
  const finished = () =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      stream.once('error', reject);
      stream.end(() => resolve());
    });
  return {
    path,
    async write(chunk) {
      if (failure) throw failure;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve, reject) => {
          stream.once('drain', resolve);
          stream.once('error', reject);
        });
      }
    },
    async close() {
      await finished();
      await rename(partial, path);
    },
    async abort() {
      // The file opens asynchronously: removed before the stream has closed, it could be created
      // after the removal and left behind.
      if (!stream.closed) {
        const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
        stream.destroy();
        await closed;
      }
      await rm(partial, { force: true });
    },
  };
}

/** The save dialog, over the dashboard window when it is open; starts in `folder`. */
export function saveFileDialog(window: () => BrowserWindow | undefined, folder: () => string): SaveFile {
  return async (suggestedName) => {
    const options: SaveDialogOptions = {
      title: 'Export as CSV',
      defaultPath: join(folder(), suggestedName),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    };
    const parent = window();
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return undefined;
    return fileSink(result.filePath);
  };
}
