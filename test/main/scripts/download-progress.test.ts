import { describe, expect, it } from 'vitest';
import { formatProgress, progressReporter } from '../../../scripts/download-progress.mjs';

const MiB = 2 ** 20;

function terminal(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, write: (text: string) => writes.push(text), writes };
}

/** A reporter on a clock the test moves by hand. */
function reporter(isTTY: boolean) {
  const stream = terminal(isTTY);
  let t = 0;
  const progress = progressReporter(stream, { label: 'Downloading', now: () => t });
  return { stream, progress, at: (ms: number) => (t = ms) };
}

describe('download progress', () => {
  it('reads in MiB with a whole percent for Electron-sized downloads', () => {
    expect(formatProgress({ transferred: 12.34 * MiB, total: 104.6 * MiB })).toBe('12.3 of 104.6 MiB (11%)');
    expect(formatProgress({ transferred: 104.6 * MiB, total: 104.6 * MiB })).toBe('104.6 of 104.6 MiB (100%)');
  });

  it('gives bytes alone when the server sent no length, and small files in KiB or B', () => {
    expect(formatProgress({ transferred: 3 * MiB, total: null })).toBe('3.0 MiB');
    expect(formatProgress({ transferred: 1536, total: 3072 })).toBe('1.5 of 3.0 KiB (50%)');
    expect(formatProgress({ transferred: 5, total: 300 })).toBe('5 of 300 B (1%)');
  });

  it('rewrites one terminal line at most once a second and ends it on the final figure', () => {
    const { stream, progress, at } = reporter(true);
    progress.update({ transferred: 1 * MiB, total: 10 * MiB });
    at(400);
    progress.update({ transferred: 2 * MiB, total: 10 * MiB });
    at(1000);
    progress.update({ transferred: 5 * MiB, total: 10 * MiB });
    at(1500);
    progress.update({ transferred: 10 * MiB, total: 10 * MiB });
    progress.end();
    expect(stream.writes).toEqual([
      '\rDownloading: 1.0 of 10.0 MiB (10%)\x1b[K',
      '\rDownloading: 5.0 of 10.0 MiB (50%)\x1b[K',
      '\rDownloading: 10.0 of 10.0 MiB (100%)\x1b[K',
      '\n',
    ]);
  });

  it('writes a plain line at most every ten seconds when not on a terminal', () => {
    const { stream, progress, at } = reporter(false);
    for (let second = 0; second <= 25; second++) {
      at(second * 1000);
      progress.update({ transferred: second * MiB, total: 25 * MiB });
    }
    progress.end();
    expect(stream.writes).toEqual([
      'Downloading: 0.0 of 25.0 MiB (0%)\n',
      'Downloading: 10.0 of 25.0 MiB (40%)\n',
      'Downloading: 20.0 of 25.0 MiB (80%)\n',
      'Downloading: 25.0 of 25.0 MiB (100%)\n',
    ]);
  });

  it('writes nothing when no bytes ever arrived', () => {
    const { stream, progress } = reporter(true);
    progress.end();
    expect(stream.writes).toEqual([]);
  });

  it('does not repeat the last line when it was already the final figure', () => {
    const { stream, progress } = reporter(false);
    progress.update({ transferred: 7, total: 7 });
    progress.end();
    expect(stream.writes).toEqual(['Downloading: 7 of 7 B (100%)\n']);
  });
});
