// Types for download-progress.mjs, so the tests under test/ can import it from TypeScript.

/** Bytes received so far and the length the server announced (null when it sent none). */
export interface Progress {
  transferred: number;
  total: number | null;
}

/** "12.3 of 104.6 MiB (11%)", or "12.3 MiB" when the server sent no length. */
export function formatProgress(progress: Progress): string;

/** Prints download progress: rewritten in place on a TTY at most once a second, else a line per 10 s. */
export function progressReporter(
  stream: { isTTY?: boolean; write(text: string): unknown },
  options: { label: string; now?: () => number },
): { update(progress: Progress): void; end(): void };
