// The api declared once: every command's arguments schema and result type, and every event.
// Hosts (IPC, WebSocket) and the renderer are typed from these maps. The schemas run in main only
// (api/dispatch.ts validates every payload): the renderer imports this file with `import type`,
// so the validation library stays out of its bundle (test/architecture.test.ts checks it).
import { z } from 'zod';
import { chainSettingsProblems, normalChainSettings } from './chain-settings-rules';
import { networkSettingsCheck } from './network-settings-check';
import { normalNetworkSettings } from './network-settings-rules';
import {
  alertCategories,
  alertSeverities,
  alertStates,
  exportTables,
  MAX_PAGE_ROWS,
  outcomeKinds,
  saleStates,
  slotPhases,
  slotSorts,
} from './closed-lists';
import type {
  AlertDto,
  AvailabilityDto,
  BackupDto,
  ExportResultDto,
  OutcomeDto,
  PageDto,
  PatchDto,
  QuotaDto,
  SettingsDto,
  SlotDetailDto,
  SlotDto,
  SnapshotDto,
  WalletKeyDto,
} from './dto';
import type { ApiError } from './errors';

export type * from './dto';
export {
  alertCategories,
  alertSeverities,
  alertStates,
  outcomeKinds,
  saleStates,
  slotPhases,
  slotSorts,
  statePhases,
  exportTables,
} from './closed-lists';
export { WS_PROTOCOL, WS_TOKEN_PREFIX } from './ws-protocol';

/** A non-negative integer carried as a decimal string (bytes, token amounts). */
export const decimalString = z.string().regex(/^\d+$/, 'must be a whole number of at least 0, written in digits');
/** A 32-byte id as 0x-prefixed lowercase hex. */
export const hexId = z.string().regex(/^0x[0-9a-f]{64}$/, 'must be a 0x-prefixed 32-byte hex id');

/** Which shell serves the api. */
export const hostKindSchema = z.enum(['desktop', 'headless']);

/** The engine's heartbeat: proves a value crosses the boundary live. */
export const engineStatusSchema = z.object({
  /** Engine clock, unix seconds. */
  now: z.number().int(),
  /** When the engine started, unix seconds. */
  startedAt: z.number().int(),
  host: hostKindSchema,
  version: z.string(),
});

/** Engine status as the dashboard shows it. */
export type EngineStatus = z.infer<typeof engineStatusSchema>;

const seconds = z.number().int('must be a whole number of seconds').nonnegative('must not be negative');

/** What the operator fills in to offer space (Codex's POST /sales/availability fields). */
export const availabilityCreateSchema = z
  .object({
    totalSize: decimalString,
    duration: seconds,
    minPricePerBytePerSecond: decimalString,
    totalCollateral: decimalString,
    enabled: z.boolean().optional(),
    until: z.number().int().optional(),
  })
  .strict();

/** Any subset of an availability's fields, for an update (Codex's PATCH rules apply). */
export const availabilityUpdateSchema = z
  .object({
    id: hexId,
    totalSize: decimalString.optional(),
    duration: seconds.optional(),
    minPricePerBytePerSecond: decimalString.optional(),
    totalCollateral: decimalString.optional(),
    enabled: z.boolean().optional(),
    until: z.number().int().optional(),
  })
  .strict();

/** The chain options kept in Settings, checked by the same rules as the Settings form. */
const chainSettingsSchema = z
  .object({ rpcUrl: z.string(), wsUrl: z.string().optional(), marketplace: z.string(), keystore: z.string() })
  .strict()
  .superRefine((value, ctx) => {
    for (const problem of chainSettingsProblems(value))
      ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  })
  .transform(normalChainSettings);

/** The network options kept in Settings, checked by the network flags' rules field by field. */
const networkSettingsSchema = z
  .object({
    listenAddrs: z.array(z.string().max(1024)).max(1024).optional(),
    peers: z.array(z.string().max(1024)).max(1024).optional(),
    bootstrapNodes: z.array(z.string().max(4096)).max(1024).optional(),
    discPort: z.number().optional(),
    extIp: z.string().max(64).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const problem of networkSettingsCheck(value))
      ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  })
  .transform(normalNetworkSettings);

/** The settings an operator may change; absent fields stay as they are. */
export const settingsUpdateSchema = z
  .object({
    closeToTray: z.boolean().optional(),
    notifications: z.partialRecord(z.enum(outcomeKinds), z.boolean()).optional(),
    alerts: z
      .object({
        /** null goes back to the default mark. */
        minTokenBalance: decimalString.nullable().optional(),
        minGasBalance: decimalString.nullable().optional(),
        notify: z.partialRecord(z.enum(alertSeverities), z.boolean()).optional(),
      })
      .strict()
      .optional(),
    /** A circuit folder (checked before it is saved), or null to go back to DATA/circuits/<zkeyHash>. */
    circuitDir: z.string().min(1, 'must name a folder').max(4096).nullable().optional(),
    /** null forgets the chain options. */
    chain: chainSettingsSchema.nullable().optional(),
    /** null forgets the network options (the flags' defaults apply again). */
    network: networkSettingsSchema.nullable().optional(),
  })
  .strict();

/** Which alerts a command is about; absent fields match all. */
const alertFilterFields = {
  severities: z.array(z.enum(alertSeverities)).max(alertSeverities.length).optional(),
  categories: z.array(z.enum(alertCategories)).max(alertCategories.length).optional(),
};

/** Lists alerts: by default those not dismissed, most recently seen first. */
export const alertsListSchema = z
  .object({
    ...alertFilterFields,
    states: z.array(z.enum(alertStates)).max(alertStates.length).optional(),
    limit: z.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500').optional(),
  })
  .strict();

/** Dismisses one alert, named by its id or its key. */
export const alertsDismissSchema = z
  .object({
    // Alerts the database could not take are listed from memory with negative ids.
    id: z
      .number()
      .int('must be an alert id')
      .refine((id) => id !== 0, 'must be an alert id')
      .optional(),
    key: z.string().min(1, 'must not be empty').max(300, 'must be at most 300 characters').optional(),
  })
  .strict()
  .refine((ref) => (ref.id === undefined) !== (ref.key === undefined), 'give exactly one of id or key');

const none = z.object({}).strict();

// Never echoed: the dispatcher's messages name the field and the rule, not the value.
const walletPassword = z
  .string()
  .min(8, 'the wallet password must have at least 8 characters')
  .max(1024, 'the wallet password must have at most 1024 characters');
/** Creates the host's key in DATA/wallet.json, encrypted with the password. */
export const walletCreateSchema = z.object({ password: walletPassword }).strict();
/** Imports an existing private key (0x and 64 hex digits) into DATA/wallet.json. */
export const walletImportSchema = z
  .object({
    privateKey: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'the private key must be 0x followed by 64 hex digits'),
    password: walletPassword,
  })
  .strict();

const search = z.string().max(200, 'must be at most 200 characters');
/** Which slots a page or export shows. */
export const slotsFilterSchema = z
  .object({
    phase: z.enum(slotPhases).optional(),
    state: z.enum(saleStates).optional(),
    query: search.optional(),
    sort: z.enum(slotSorts).optional(),
    direction: z.enum(['asc', 'desc']).optional(),
  })
  .strict();
/** Which events a page or export shows. */
export const historyFilterSchema = z
  .object({
    kind: z.enum(outcomeKinds).optional(),
    /** Only events at or after this chain time (unix seconds). */
    since: z.number().int().nonnegative().optional(),
    query: search.optional(),
  })
  .strict();
const paging = {
  /** An opaque cursor from the previous page's nextCursor. */
  cursor: z
    .string()
    .max(2000)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor this host gave out')
    .optional(),
  limit: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(MAX_PAGE_ROWS, `must be at most ${MAX_PAGE_ROWS}`)
    .optional(),
};

/** Argument schemas, one per command; the dispatcher validates every call against them. */
export const commandArgs = {
  'status.get': none,
  'live.snapshot': none,
  'availability.create': availabilityCreateSchema,
  'availability.update': availabilityUpdateSchema,
  'selling.pause': none,
  'selling.resume': none,
  'settings.update': settingsUpdateSchema,
  'slot.get': z.object({ slotId: hexId }).strict(),
  'slots.page': slotsFilterSchema.extend(paging).strict(),
  'history.page': historyFilterSchema.extend(paging).strict(),
  'export.save': z.discriminatedUnion('table', [
    slotsFilterSchema.extend({ table: z.literal(exportTables[0]) }).strict(),
    historyFilterSchema.extend({ table: z.literal(exportTables[1]) }).strict(),
  ]),
  'quota.set': z.object({ maxBytes: decimalString }).strict(),
  'availability.delete': z.object({ id: hexId }).strict(),
  'alerts.list': alertsListSchema,
  'alerts.dismiss': alertsDismissSchema,
  'alerts.dismissAll': z
    .object({
      ...alertFilterFields,
      states: z
        .array(z.enum(['active', 'resolved']))
        .max(2)
        .optional(),
    })
    .strict(),
  'backup.create': none,
  'wallet.create': walletCreateSchema,
  'wallet.import': walletImportSchema,
} as const;

type Args<K extends keyof typeof commandArgs> = z.infer<(typeof commandArgs)[K]>;

/** Every command the api serves: name → handler signature. */
export interface Commands {
  'status.get': (args: Args<'status.get'>) => Promise<EngineStatus>;
  /** Everything the dashboard shows; patches with a higher seq follow as `live.patch` events. */
  'live.snapshot': (args: Args<'live.snapshot'>) => Promise<SnapshotDto>;
  'availability.create': (args: Args<'availability.create'>) => Promise<AvailabilityDto>;
  'availability.update': (args: Args<'availability.update'>) => Promise<AvailabilityDto>;
  'selling.pause': (args: Args<'selling.pause'>) => Promise<SettingsDto>;
  'selling.resume': (args: Args<'selling.resume'>) => Promise<SettingsDto>;
  'settings.update': (args: Args<'settings.update'>) => Promise<SettingsDto>;
  'slot.get': (args: Args<'slot.get'>) => Promise<SlotDetailDto>;
  /** One page of slots (each slot's newest sale) from the whole history, with the total matching. */
  'slots.page': (args: Args<'slots.page'>) => Promise<PageDto<SlotDto>>;
  /** One page of events, newest first, from the whole history, with the total matching. */
  'history.page': (args: Args<'history.page'>) => Promise<PageDto<OutcomeDto>>;
  /** Desktop: writes every matching row as CSV to a file the operator picks. */
  'export.save': (args: Args<'export.save'>) => Promise<ExportResultDto>;
  /** Sets the repo quota now; never below what is held. */
  'quota.set': (args: Args<'quota.set'>) => Promise<QuotaDto>;
  /** Deletes an availability that holds no slot. */
  'availability.delete': (args: Args<'availability.delete'>) => Promise<{ id: string }>;
  /** Alerts matching the filter, most recently seen first. */
  'alerts.list': (args: Args<'alerts.list'>) => Promise<AlertDto[]>;
  /** Puts one alert away until it is raised again. */
  'alerts.dismiss': (args: Args<'alerts.dismiss'>) => Promise<AlertDto>;
  /** Puts away every listed alert matching the filter (default: all). */
  'alerts.dismissAll': (args: Args<'alerts.dismissAll'>) => Promise<{ dismissed: number }>;
  /** Backs up the data folder's databases and wallet keystores now, while selling goes on. */
  'backup.create': (args: Args<'backup.create'>) => Promise<BackupDto>;
  /** Creates the host's key in DATA/wallet.json (never over an existing one); used from the next start. */
  'wallet.create': (args: Args<'wallet.create'>) => Promise<WalletKeyDto>;
  /** Imports a private key into DATA/wallet.json (never over an existing one); used from the next start. */
  'wallet.import': (args: Args<'wallet.import'>) => Promise<WalletKeyDto>;
}

/** Every event the api pushes: name → payload. */
export interface Events {
  'engine.tick': { now: number };
  /** Numbered, coalesced changes; a gap in seq means the client must take a new snapshot. */
  'live.patch': PatchDto;
  /** Desktop only: the operator clicked a notification about this slot. */
  'ui.open-slot': { slotId: string };
  /** Desktop only: the operator asked for the Alerts view (tray menu, an alert's notification). */
  'ui.open-alerts': Record<string, never>;
}

/** A command's name. */
export type CommandName = keyof Commands;
/** A command's argument object. */
export type CommandArgs<K extends CommandName> = Parameters<Commands[K]>[0];
/** A command's resolved result. */
export type CommandResult<K extends CommandName> = Awaited<ReturnType<Commands[K]>>;
/** An event's name. */
export type EventName = keyof Events;

/** What an invocation returns over any transport: a value or an error envelope, never a thrown error. */
export type InvokeResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiError };

/** One message pushed to listeners. */
export type EventMessage = { [K in EventName]: { name: K; payload: Events[K] } }[EventName];

/** The bridge the preload exposes as `window.api` (and the WebSocket client mirrors). */
export interface WindowApi {
  invoke(name: string, args: unknown): Promise<InvokeResult>;
  listen(listener: (message: EventMessage) => void): () => void;
}
