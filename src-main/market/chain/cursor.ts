// The log watcher's position, persisted in the data folder: every Marketplace log in a block up to
// `block` has been delivered. A restart resumes from the next block; the hash tells whether the
// chain was reorganised under the cursor while the host was away.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Logger } from '../../engine/index';
import { writeFileAtomic } from './atomic-file';

const cursorSchema = z.object({
  chainId: z.number().int(),
  marketplace: z.string().regex(/^0x[0-9a-f]{40}$/),
  block: z.number().int().min(0),
  hash: z.string().regex(/^0x[0-9a-f]{64}$/),
});

/** A delivered position. */
export type Cursor = z.infer<typeof cursorSchema>;

/** Where the cursor lives. */
export interface CursorStore {
  load(): Cursor | undefined;
  save(cursor: Cursor): void;
}

/** The cursor in a JSON file written atomically; a file for another chain or contract is ignored. */
export class CursorFile implements CursorStore {
  constructor(
    readonly path: string,
    private readonly chainId: number,
    private readonly marketplace: string,
    private readonly logger: Logger,
  ) {}

  load(): Cursor | undefined {
    if (!existsSync(this.path)) return undefined;
    let parsed;
    try {
      parsed = cursorSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (error) {
      this.logger.warn('the event cursor file is unreadable; starting without it', {
        path: this.path,
        error: (error as Error).message,
      });
      return undefined;
    }
    if (!parsed.success) {
      this.logger.warn('the event cursor file is invalid; starting without it', { path: this.path });
      return undefined;
    }
    if (parsed.data.chainId !== this.chainId || parsed.data.marketplace !== this.marketplace) {
      this.logger.warn('the event cursor belongs to another chain or Marketplace; starting without it', {
        path: this.path,
      });
      return undefined;
    }
    return parsed.data;
  }

  save(cursor: Cursor): void {
    writeFileAtomic(this.path, JSON.stringify(cursor) + '\n');
  }
}

/** A cursor kept in memory only (tests, or a host without a data folder). */
export class MemoryCursor implements CursorStore {
  constructor(private cursor?: Cursor) {}
  load(): Cursor | undefined {
    return this.cursor;
  }
  save(cursor: Cursor): void {
    this.cursor = cursor;
  }
}
