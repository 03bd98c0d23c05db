// Builds the api both hosts serve: the handler table over the sales source and settings, the
// heartbeat, and the live patch stream.
import { ALERTS_IN_SNAPSHOT, alertChange, alertDto, alertHandlers, noAlerts, type AlertsSource } from './alerts';
import { commandArgs, type EngineStatus } from './contract';
import { csvExport, type CsvExport } from './csv-export';
import { createDispatcher, type ApiService, type Handlers } from './dispatch';
import type { SettingsDto, SnapshotDto } from './dto';
import { ApiFailure, toApiError, type ApiError } from './errors';
import { LivePatches } from './read-model/patches';
import { offersSpace, sellingStatus } from './selling-status';
import type { BackupSource, SalesSource, SaveFile, SettingsChange, SettingsStore, WalletKeys } from './sources';
import { walletKeyHandlers } from './wallet-keys';

/** How many recent outcomes a snapshot carries. */
export const RECENT_OUTCOMES = 200;

/** What the api needs from its host. */
export interface ApiDeps {
  host: EngineStatus['host'];
  version: string;
  source: SalesSource;
  settings: SettingsStore;
  /** The persisted alerts (default: none). */
  alerts?: AlertsSource;
  /** Wall-clock unix seconds, for the heartbeat. */
  now?: () => number;
  /** How often the heartbeat ticks, in ms (tests shorten it). */
  tickIntervalMs?: number;
  /** How long changes are gathered into one patch, in ms. */
  patchIntervalMs?: number;
  /** The desktop's save dialog, for exports; absent in a browser (which downloads over HTTP instead). */
  saveFile?: SaveFile;
  /** Backups of the data folder; without it `backup.create` answers `unavailable`. */
  backups?: BackupSource;
  /** Checks a circuit folder before Settings saves it (the --circuit-dir checks); without it one cannot be saved. */
  checkCircuitDir?: (dir: string) => Promise<{ ok: true; dir: string } | { ok: false; message: string }>;
  /** Writes the host's key into the data folder; without it `wallet.create` and `wallet.import` answer `unavailable`. */
  walletKeys?: WalletKeys;
}

/** An export the HTTP route can stream, or why not. */
export type ExportStart = { ok: true; export: CsvExport } | { ok: false; error: ApiError };

/** A running api: the dispatcher, CSV exports for the HTTP route, and a close() that stops its timers and subscriptions. */
export interface RunningApi extends ApiService {
  /** Validates an export request like a command's arguments and starts it. */
  startExport(args: unknown): Promise<ExportStart>;
  close(): void;
}

/** Creates the api service and starts its live event sources. */
export function createApi(deps: ApiDeps): RunningApi {
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  const startedAt = now();
  const { source, settings } = deps;
  const alerts = deps.alerts ?? noAlerts;
  // The patch stream publishes through the dispatcher, which is built after the handlers below.
  const emitter: { api?: ApiService } = {};
  const live = new LivePatches((patch) => emitter.api?.emit('live.patch', patch), deps.patchIntervalMs);

  function currentSelling(attention: number): SnapshotDto['selling'] {
    return sellingStatus(settings.get(), attention, offersSpace(source.availabilities()));
  }

  function refreshSelling(): void {
    const attention = alerts.attention();
    live.add({ kind: 'attention', value: attention });
    live.add({ kind: 'selling', value: currentSelling(attention) });
  }

  /** A circuit folder as saved: checked and absolute, or undefined to clear it. */
  async function circuitDir(dir: string | null): Promise<string | undefined> {
    if (dir === null) return undefined;
    if (!deps.checkCircuitDir) throw new ApiFailure('unavailable', 'This host cannot check circuit folders.');
    const checked = await deps.checkCircuitDir(dir);
    if (!checked.ok) throw new ApiFailure('invalid-argument', `The circuit folder was not saved: ${checked.message}.`);
    return checked.dir;
  }

  async function changeSettings(
    input: Omit<SettingsChange, 'circuitDir'> & { circuitDir?: string | null },
  ): Promise<SettingsDto> {
    const { circuitDir: dir, ...rest } = input;
    const change: SettingsChange = dir === undefined ? rest : { ...rest, circuitDir: await circuitDir(dir) };
    const before = settings.get();
    if (change.sellingPaused !== undefined && change.sellingPaused !== before.sellingPaused) {
      await source.setSellingPaused(change.sellingPaused);
    }
    const after = settings.update(change);
    live.add({ kind: 'settings', value: after });
    refreshSelling();
    return after;
  }

  async function snapshot(): Promise<SnapshotDto> {
    // The wallet may answer over the network: read it before taking the seq, so no patch can slip
    // between the seq and the values read after it (the market is re-sent every refresh anyway).
    const market = await source.market();
    const seq = live.seq;
    const quota = await source.quota();
    const outcomes = source.recentOutcomes(RECENT_OUTCOMES);
    const current = settings.get();
    const availabilities = source.availabilities();
    const proofs = source.proofs();
    const attention = alerts.attention();
    return {
      seq,
      selling: sellingStatus(current, attention, offersSpace(availabilities)),
      market,
      quota,
      availabilities,
      reservations: source.reservations(),
      slots: source.slots(),
      queue: source.queue(),
      earnings: source.earnings(),
      totals: source.totals(),
      outcomes,
      settings: current,
      proofs,
      alerts: alerts.list({}, ALERTS_IN_SNAPSHOT).map(alertDto),
      attention,
    };
  }

  async function saveExport(request: Parameters<typeof csvExport>[1]) {
    if (!deps.saveFile) {
      throw new ApiFailure(
        'unavailable',
        `Saving to a file needs the desktop app; in a browser the export downloads from /api/export/${request.table}.csv.`,
      );
    }
    const exported = await csvExport(source, request);
    const file = await deps.saveFile(exported.filename);
    if (!file) return { saved: false, rows: 0 };
    try {
      for await (const chunk of exported.chunks) await file.write(chunk);
      await file.close();
    } catch (error) {
      await file.abort();
      throw error;
    }
    return { saved: true, path: file.path, rows: exported.rows() };
  }

  const handlers: Handlers = {
    'slots.page': { mutates: false, run: async (query) => source.slotsPage(query) },
    'history.page': { mutates: false, run: async (query) => source.historyPage(query) },
    'export.save': { mutates: false, run: saveExport },
    'quota.set': { mutates: true, run: async ({ maxBytes }) => source.setQuota(BigInt(maxBytes)) },
    'availability.delete': {
      mutates: true,
      run: async ({ id }) => {
        await source.deleteAvailability(id);
        return { id };
      },
    },
    'status.get': {
      mutates: false,
      run: async () => ({ now: now(), startedAt, host: deps.host, version: deps.version }),
    },
    'live.snapshot': { mutates: false, run: snapshot },
    'availability.create': { mutates: true, run: (input) => source.createAvailability(input) },
    'availability.update': { mutates: true, run: (input) => source.updateAvailability(input) },
    'selling.pause': { mutates: true, run: () => changeSettings({ sellingPaused: true }) },
    'selling.resume': { mutates: true, run: () => changeSettings({ sellingPaused: false }) },
    'settings.update': { mutates: true, run: (input) => changeSettings(input) },
    'backup.create': {
      mutates: false,
      run: async () => {
        if (!deps.backups) throw new ApiFailure('unavailable', 'This host cannot make backups.');
        return deps.backups.create();
      },
    },
    'slot.get': {
      mutates: false,
      run: async ({ slotId }) => {
        const slot = source.slot(slotId);
        if (!slot) throw new ApiFailure('not-found', `Slot ${slotId} is not one this host has sold or considered.`);
        return slot;
      },
    },
    ...alertHandlers(alerts),
    ...walletKeyHandlers(
      deps.walletKeys,
      () => settings.get(),
      (change) => changeSettings(change),
    ),
  };
  const api = createDispatcher(handlers);
  emitter.api = api;

  // Whether anything is offered decides between "selling" and "idle".
  const sellingFollows = new Set<string>(['availability', 'availability-removed']);
  const stopChanges = source.onChange((change) => {
    live.add(change);
    if (sellingFollows.has(change.kind)) refreshSelling();
  });
  const stopAlerts = alerts.onChange((change) => {
    live.add(alertChange(change));
    refreshSelling();
  });
  const timer = setInterval(() => api.emit('engine.tick', { now: now() }), deps.tickIntervalMs ?? 1000);
  timer.unref();
  return {
    ...api,
    async startExport(args) {
      const parsed = commandArgs['export.save'].safeParse(args ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`);
        return { ok: false, error: { code: 'invalid-argument', message: `Invalid export: ${issues.join('; ')}` } };
      }
      try {
        return { ok: true, export: await csvExport(source, parsed.data) };
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    },
    close: () => {
      clearInterval(timer);
      stopChanges();
      stopAlerts();
      live.close();
    },
  };
}
