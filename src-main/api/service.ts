// Builds the api both hosts serve: the handler table over the sales source and settings, the
// heartbeat, and the live patch stream.
import type { EngineStatus } from './contract';
import { createDispatcher, type ApiService, type Handlers } from './dispatch';
import type { SettingsDto, SnapshotDto } from './dto';
import { ApiFailure } from './errors';
import { LivePatches } from './read-model/patches';
import { sellingStatus } from './selling-status';
import type { SalesSource, SettingsStore } from './sources';

/** How many recent outcomes a snapshot carries. */
export const RECENT_OUTCOMES = 200;

/** What the api needs from its host. */
export interface ApiDeps {
  host: EngineStatus['host'];
  version: string;
  source: SalesSource;
  settings: SettingsStore;
  /** Wall-clock unix seconds, for the heartbeat. */
  now?: () => number;
  /** How often the heartbeat ticks, in ms (tests shorten it). */
  tickIntervalMs?: number;
  /** How long changes are gathered into one patch, in ms. */
  patchIntervalMs?: number;
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
  // The patch stream publishes through the dispatcher, which is built after the handlers below.
  const emitter: { api?: ApiService } = {};
  const live = new LivePatches((patch) => emitter.api?.emit('live.patch', patch), deps.patchIntervalMs);

  async function refreshSelling(): Promise<void> {
    const market = await source.market();
    const status = sellingStatus(settings.get(), await source.quota(), source.recentOutcomes(50), market.now);
    live.add({ kind: 'selling', value: status });
  }

  async function changeSettings(change: Parameters<SettingsStore['update']>[0]): Promise<SettingsDto> {
    const before = settings.get();
    if (change.sellingPaused !== undefined && change.sellingPaused !== before.sellingPaused) {
      await source.setSellingPaused(change.sellingPaused);
    }
    const after = settings.update(change);
    live.add({ kind: 'settings', value: after });
    await refreshSelling();
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
    return {
      seq,
      selling: sellingStatus(current, quota, outcomes, market.now),
      market,
      quota,
      availabilities: source.availabilities(),
      reservations: source.reservations(),
      slots: source.slots(),
      queue: source.queue(),
      earnings: source.earnings(),
      outcomes,
      settings: current,
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
    'slot.get': {
      mutates: false,
      run: async ({ slotId }) => {
        const slot = source.slot(slotId);
        if (!slot) throw new ApiFailure('not-found', `Slot ${slotId} is not one this host has sold or considered.`);
        return slot;
      },
    },
  };
  const api = createDispatcher(handlers);
  emitter.api = api;

  const stopChanges = source.onChange((change) => {
    live.add(change);
    if (change.kind === 'outcome' || change.kind === 'quota') void refreshSelling();
  });
  const timer = setInterval(() => api.emit('engine.tick', { now: now() }), deps.tickIntervalMs ?? 1000);
  timer.unref();
  return {
    ...api,
    close: () => {
      clearInterval(timer);
      stopChanges();
      live.close();
    },
  };
}
