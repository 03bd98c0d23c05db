// Remembers the window's size and position across launches, and ignores a remembered position that
// no longer fits any display (a monitor was unplugged).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/settings-file';

const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean().default(false),
});

/** A window's remembered placement. */
export type WindowBounds = z.infer<typeof boundsSchema>;

/** A display's usable area. */
export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The stored placement when it is valid and at least partly on one of `displays`. */
export function loadWindowState(dataDir: string, displays: WorkArea[]): WindowBounds | undefined {
  const file = join(dataDir, 'window-state.json');
  if (!existsSync(file)) return undefined;
  try {
    const bounds = boundsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const visible = displays.some(
      (d) =>
        bounds.x < d.x + d.width - 50 &&
        bounds.x + bounds.width > d.x + 50 &&
        bounds.y >= d.y - 10 &&
        bounds.y < d.y + d.height - 50,
    );
    return visible ? bounds : undefined;
  } catch {
    // A damaged placement file only costs the placement; the default size is used instead.
    return undefined;
  }
}

/** Stores the placement atomically. */
export function saveWindowState(dataDir: string, bounds: WindowBounds): void {
  writeFileAtomic(join(dataDir, 'window-state.json'), JSON.stringify(bounds) + '\n');
}
