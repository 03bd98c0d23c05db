// Progress of the Electron download on the terminal. On a TTY one line is rewritten in place at most once a
// second; elsewhere (CI logs, pipes) a plain line at most every ten seconds, so logs stay short.

const units = [
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
];

/** Bytes in the unit that suits scale: MiB for Electron's zip, KiB or B for small files. */
function size(bytes, scale) {
  const [unit, factor] = units.find(([, f]) => scale >= f) ?? ['B', 1];
  return { figure: factor === 1 ? String(bytes) : (bytes / factor).toFixed(1), unit };
}

/** "12.3 of 104.6 MiB (11%)", or "12.3 MiB" when the server sent no length. */
export function formatProgress({ transferred, total }) {
  if (!total) {
    const { figure, unit } = size(transferred, transferred);
    return `${figure} ${unit}`;
  }
  const done = size(transferred, total);
  const all = size(total, total);
  return `${done.figure} of ${all.figure} ${all.unit} (${Math.floor((transferred / total) * 100)}%)`;
}

/**
 * A reporter writing to stream (isTTY decides the style): update({ transferred, total }) as bytes arrive,
 * end() once the download has finished or failed. now is the clock, injectable for tests.
 */
export function progressReporter(stream, { label, now = Date.now }) {
  const tty = Boolean(stream.isTTY);
  const interval = tty ? 1000 : 10_000;
  let latest;
  let written;
  let writtenAt;
  const write = (progress) => {
    const line = `${label}: ${formatProgress(progress)}`;
    stream.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    written = progress;
  };
  return {
    update(progress) {
      latest = progress;
      const t = now();
      if (writtenAt !== undefined && t - writtenAt < interval) return;
      writtenAt = t;
      write(progress);
    },
    end() {
      // The last figure is always shown, so a finished download ends on 100%.
      if (latest && latest !== written) write(latest);
      if (tty && written) stream.write('\n');
    },
  };
}
