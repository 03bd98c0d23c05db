// Builds the api both hosts serve: the handler table over the sales source and settings, the
// heartbeat, and the live patch stream.
import { ALERTS_IN_SNAPSHOT, alertChange, alertDto, alertHandlers, noAlerts, type AlertsSource } from './alerts';
import type { EngineStatus } from './contract';
import { createDispatcher, type ApiService, type Handlers } from './dispatch';
import type { SettingsDto, SnapshotDto } from './dto';
import { ApiFailure } from './errors';
import { LivePatches } from './read-model/patches';
import { sellingStatus } from './selling-status';
import type { BackupSource, SalesSource, SettingsChange, SettingsStore } from './sources';

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
  /** Backups of the data folder; without it `backup.create` answers `unavailable`. */
  backups?: BackupSource;
}

/** A running api: the dispatcher plus a close() that stops its timers and subscriptions. */
export interface RunningApi extends ApiService {
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

  function refreshSelling(): void {
    const attention = alerts.attention();
    live.add({ kind: 'attention', value: attention });
    live.add({ kind: 'selling', value: sellingStatus(settings.get(), attention) });
  }

  async function changeSettings(change: SettingsChange): Promise<SettingsDto> {
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
    const attention = alerts.attention();
    return {
      seq,
      selling: sellingStatus(current, attention),
      market,
      quota,
      availabilities: source.availabilities(),
      reservations: source.reservations(),
      slots: source.slots(),
      queue: source.queue(),
      earnings: source.earnings(),
      outcomes,
      settings: current,
      alerts: alerts.list({}, ALERTS_IN_SNAPSHOT).map(alertDto),
      attention,
    };
  }

  const handlers: Handlers = {
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
  };
  const api = createDispatcher(handlers);
  emitter.api = api;

  const stopChanges = source.onChange((change) => live.add(change));
  const stopAlerts = alerts.onChange((change) => {
    live.add(alertChange(change));
    refreshSelling();
  });
  const timer = setInterval(() => api.emit('engine.tick', { now: now() }), deps.tickIntervalMs ?? 1000);
  timer.unref();
  return {
    ...api,
    close: () => {
      clearInterval(timer);
      stopChanges();
      stopAlerts();
      live.close();
    },
  };
}
