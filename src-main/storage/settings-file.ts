// The operator's settings as a small JSON file in the data folder, written atomically (temp file,
// fsync, rename) so a crash leaves either the old or the new settings, never half of either. A file
// that cannot be read is set aside, not overwritten, and the problem is reported.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { OutcomeKinds } from '../engine/index';

/** Kinds of outcome a notification can be switched for (mirrors the api's outcome kinds). */
const notificationKinds = OutcomeKinds;

const settingsSchema = z.object({
  sellingPaused: z.boolean(),
  closeToTray: z.boolean(),
  /** The repo quota the operator last chose, as decimal bytes. */
  quotaMaxBytes: z.string().regex(/^\d+$/).optional(),
  notifications: z.object(
    Object.fromEntries(notificationKinds.map((k) => [k, z.boolean()])) as Record<
      (typeof notificationKinds)[number],
      z.ZodBoolean
    >,
  ),
});

/** Settings as stored. */
export type StoredSettings = z.infer<typeof settingsSchema>;

/** A change to some settings. */
export type SettingsChange = Partial<Omit<StoredSettings, 'notifications'>> & {
  notifications?: Partial<StoredSettings['notifications']>;
};

/** What a fresh install starts with. */
export function defaultSettings(): StoredSettings {
  return {
    sellingPaused: false,
    closeToTray: true,
    notifications: Object.fromEntries(notificationKinds.map((k) => [k, true])) as StoredSettings['notifications'],
  };
}

/** Writes `text` to `path` so that readers see the old or the new content, never a mix. */
export function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** Settings kept in `<dataDir>/settings.json`. */
export class SettingsFile {
  readonly path: string;
  /** Why the stored file was not used, when it could not be; undefined when all is well. */
  readonly problem: string | undefined;
  #value: StoredSettings;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json');
    const loaded = this.#load();
    this.#value = loaded.value;
    this.problem = loaded.problem;
  }

  #load(): { value: StoredSettings; problem?: string } {
    if (!existsSync(this.path)) return { value: defaultSettings() };
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      return this.#setAside(`is not valid JSON (${(error as Error).message})`);
    }
    // Missing keys (from an older version) take their defaults; wrong types are refused.
    const defaults = defaultSettings();
    const merged =
      raw && typeof raw === 'object'
        ? {
            ...defaults,
            ...raw,
            notifications: { ...defaults.notifications, ...((raw as { notifications?: object }).notifications ?? {}) },
          }
        : raw;
    const parsed = settingsSchema.safeParse(merged);
    if (!parsed.success) {
      return this.#setAside(
        `has invalid values (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
      );
    }
    return { value: parsed.data };
  }

  #setAside(why: string): { value: StoredSettings; problem: string } {
    const aside = `${this.path}.unreadable-${Date.now()}`;
    renameSync(this.path, aside);
    return {
      value: defaultSettings(),
      problem: `${this.path} ${why}; it was kept as ${aside} and defaults are in use.`,
    };
  }

  /** The current settings. */
  get(): StoredSettings {
    return structuredClone(this.#value);
  }

  /** The remembered repo quota, if one was ever chosen. */
  quotaMaxBytes(): bigint | undefined {
    return this.#value.quotaMaxBytes === undefined ? undefined : BigInt(this.#value.quotaMaxBytes);
  }

  /** Remembers the repo quota. */
  setQuotaMaxBytes(bytes: bigint): void {
    this.update({ quotaMaxBytes: bytes.toString() });
  }

  /** Applies a change, persists it atomically and returns the result. */
  update(change: SettingsChange): StoredSettings {
    const next = settingsSchema.parse({
      ...this.#value,
      ...change,
      notifications: { ...this.#value.notifications, ...change.notifications },
    });
    writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n');
    this.#value = next;
    return this.get();
  }
}
