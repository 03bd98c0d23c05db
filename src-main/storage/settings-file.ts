// The operator's settings as a small JSON file in the data folder, written atomically (temp file,
// fsync, rename) so a crash leaves either the old or the new settings, never half of either. A file
// that cannot be read is set aside, not overwritten, and the problem is reported.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AlertSeverities, OutcomeKinds } from '../engine/index';

/** Kinds of outcome a notification can be switched for (mirrors the api's outcome kinds). */
const notificationKinds = OutcomeKinds;

const switches = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.boolean()])) as Record<K, z.ZodBoolean>);

const alertSettingsSchema = z.object({
  /** Low marks of the wallet in base units; absent means the default (engine/alerts/host-checks.ts). */
  minTokenBalance: z.string().regex(/^\d+$/).optional(),
  minGasBalance: z.string().regex(/^\d+$/).optional(),
  notify: switches(AlertSeverities),
});

/** The chain options; the api checks them by the Settings rules (api/chain-settings-rules.ts) before they get here. */
const chainSettingsSchema = z.object({
  rpcUrl: z.string().min(1),
  wsUrl: z.string().min(1).optional(),
  marketplace: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  keystore: z.string().min(1),
});

/** The network options; the api checks them by the network flags' rules (api/network-settings-check.ts). */
const networkSettingsSchema = z
  .object({
    listenAddrs: z.array(z.string().min(1)).min(1).optional(),
    peers: z.array(z.string().min(1)).min(1).optional(),
    bootstrapNodes: z.array(z.string().min(1)).min(1).optional(),
    discPort: z.number().int().min(0).max(65535).optional(),
    extIp: z.string().min(1).optional(),
  })
  .strict();

const settingsSchema = z.object({
  sellingPaused: z.boolean(),
  closeToTray: z.boolean(),
  /** The repo quota the operator last chose, as decimal bytes. */
  quotaMaxBytes: z.string().regex(/^\d+$/).optional(),
  /** The circuit folder the operator chose (as --circuit-dir), used from the next start. */
  circuitDir: z.string().min(1).optional(),
  notifications: switches(notificationKinds),
  alerts: alertSettingsSchema,
  chain: chainSettingsSchema.optional(),
  network: networkSettingsSchema.optional(),
});

/** Settings as stored. */
export type StoredSettings = z.infer<typeof settingsSchema>;

/** A change to some settings; a null low mark goes back to its default. */
export type SettingsChange = Partial<Omit<StoredSettings, 'notifications' | 'alerts' | 'chain' | 'network'>> & {
  /** null forgets the chain options. */
  chain?: StoredSettings['chain'] | null;
  /** null forgets the network options. */
  network?: StoredSettings['network'] | null;
  notifications?: Partial<StoredSettings['notifications']>;
  alerts?: {
    minTokenBalance?: string | null;
    minGasBalance?: string | null;
    notify?: Partial<StoredSettings['alerts']['notify']>;
  };
};

/** Alerts of every severity but info notify by default; info alerts are only listed. */
function defaultAlertSettings(): StoredSettings['alerts'] {
  return { notify: { info: false, warning: true, error: true, critical: true } };
}

/** The alert settings after `change`: switches merge, a null mark is dropped (back to its default). */
function mergeAlerts(current: StoredSettings['alerts'], change: SettingsChange['alerts']): StoredSettings['alerts'] {
  const merged: Record<string, unknown> = { ...current, notify: { ...current.notify, ...change?.notify } };
  for (const mark of ['minTokenBalance', 'minGasBalance'] as const) {
    const value = change?.[mark];
    if (value === null) delete merged[mark];
    else if (value !== undefined) merged[mark] = value;
  }
  return merged as StoredSettings['alerts'];
}

/** What a fresh install starts with. */
export function defaultSettings(): StoredSettings {
  return {
    sellingPaused: false,
    closeToTray: true,
    notifications: Object.fromEntries(notificationKinds.map((k) => [k, true])) as StoredSettings['notifications'],
    alerts: defaultAlertSettings(),
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
            alerts: mergeAlerts(defaults.alerts, (raw as { alerts?: SettingsChange['alerts'] }).alerts),
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
    const { chain, network, ...rest } = change;
    const merged: Record<string, unknown> = {
      ...this.#value,
      ...rest,
      notifications: { ...this.#value.notifications, ...change.notifications },
      alerts: mergeAlerts(this.#value.alerts, change.alerts),
    };
    if (chain === null) delete merged.chain;
    else if (chain !== undefined) merged.chain = chain;
    if (network === null) delete merged.network;
    else if (network !== undefined) merged.network = network;
    const next = settingsSchema.parse(merged);
    writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n');
    this.#value = next;
    return this.get();
  }
}

/** The chain options saved in `dataDir`'s settings, read without touching the file; undefined when none or unreadable. */
export function savedChainSettings(dataDir: string): StoredSettings['chain'] {
  try {
    const raw = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as { chain?: unknown };
    const parsed = chainSettingsSchema.safeParse(raw.chain);
    return parsed.success ? parsed.data : undefined;
  } catch {
    // No file, or one the engine host will set aside and report when it starts.
    return undefined;
  }
}

/** The network options saved in `dataDir`'s settings, read without touching the file; undefined when none or unreadable. */
export function savedNetworkSettings(dataDir: string): StoredSettings['network'] {
  try {
    const raw = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as { network?: unknown };
    const parsed = networkSettingsSchema.safeParse(raw.network);
    return parsed.success ? parsed.data : undefined;
  } catch {
    // No file, or one the engine host will set aside and report when it starts.
    return undefined;
  }
}
