// Open file handles of slot data (and of the files beside it, read-only), kept for reuse: a download
// writes a slot block by block, a proof reads a few cells, serving a block reads its proof record, and
// opening the file for each of those cost more than the I/O itself.
// A handle in use is never closed under its user; the least recently used idle ones are closed
// when more than `limit` are open, and a slot's handle is closed before its data is deleted or moved.
import { constants } from 'node:fs';
import { sep } from 'node:path';
import { open, type FileHandle } from 'node:fs/promises';

interface Entry {
  readonly handle: Promise<FileHandle>;
  readonly writable: boolean;
  users: number;
  closing: Promise<void> | undefined;
}

/** Reusable handles of files by path. */
export class FileHandles {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limit = 64) {}

  /** Runs `work` with a handle of `path`: writable (created when missing) or read-only. */
  async use<T>(path: string, writable: boolean, work: (handle: FileHandle) => Promise<T>): Promise<T> {
    // Counted as a user before the first await, so no close() can slip in between.
    const entry = this.entry(path, writable);
    entry.users++;
    try {
      let handle: FileHandle;
      try {
        handle = await entry.handle;
      } catch (error) {
        if (this.entries.get(path) === entry) this.entries.delete(path);
        throw error;
      }
      return await work(handle);
    } finally {
      entry.users--;
      this.trim();
    }
  }

  /** Closes the handle of `path`, once its users are done (before the file is deleted or moved). */
  async close(path: string): Promise<void> {
    const entry = this.entries.get(path);
    if (entry === undefined) return;
    this.entries.delete(path);
    await this.shut(entry);
  }

  /** Closes the handles of every file under folder `dir`, once their users are done (it is deleted or moved). */
  async closeUnder(dir: string): Promise<void> {
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    const under = [...this.entries].filter(([path]) => path.startsWith(prefix));
    for (const [path] of under) this.entries.delete(path);
    await Promise.all(under.map(([, entry]) => this.shut(entry)));
  }

  /** Closes every handle. */
  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((entry) => this.shut(entry)));
  }

  private entry(path: string, writable: boolean): Entry {
    const known = this.entries.get(path);
    // Most recently used last: Maps iterate in insertion order.
    if (known !== undefined) this.entries.delete(path);
    if (known !== undefined && (known.writable || !writable)) {
      this.entries.set(path, known);
      return known;
    }
    // A read-only handle where a writable one is needed: it closes once its readers are done.
    if (known !== undefined) void this.shut(known);
    const flags = writable ? constants.O_RDWR | constants.O_CREAT : constants.O_RDONLY;
    const entry: Entry = { handle: open(path, flags, 0o644), writable, users: 0, closing: undefined };
    // A failed open is reported to its user (in use()), not left unhandled here.
    entry.handle.catch(() => {});
    this.entries.set(path, entry);
    return entry;
  }

  private trim(): void {
    if (this.entries.size <= this.limit) return;
    for (const [path, entry] of this.entries) {
      if (this.entries.size <= this.limit) return;
      if (entry.users > 0) continue;
      this.entries.delete(path);
      void this.shut(entry);
    }
  }

  private async shut(entry: Entry): Promise<void> {
    entry.closing ??= (async () => {
      while (entry.users > 0) await new Promise((resolve) => setImmediate(resolve));
      const handle = await entry.handle.catch(() => undefined);
      await handle?.close();
    })();
    await entry.closing;
  }
}
