// Builds every state object over one backend, keyed by the tokens components inject, and starts
// the live stream that feeds them.
import type { Backend } from '../backend';
import { AlertsState } from './alerts.svelte';
import { AvailabilitiesState } from './availabilities.svelte';
import { ConnectionState } from './connection.svelte';
import { DiskState } from './disk.svelte';
import { EarningsState } from './earnings.svelte';
import { EngineStatusState } from './engine-status.svelte';
import { LiveSync, type LiveTimings } from './live.svelte';
import { MarketState } from './market.svelte';
import { OutcomesState, type ToastTimings } from './outcomes.svelte';
import { QueueState } from './queue.svelte';
import { ReservationsState } from './reservations.svelte';
import { Router } from './router.svelte';
import { SettingsState } from './settings.svelte';
import { SlotsState } from './slots.svelte';
import * as tokens from './tokens';
import type { InjectionToken } from './tokens';

/** The state of a running dashboard. */
export interface AppState {
  connection: ConnectionState;
  engine: EngineStatusState;
  live: LiveSync;
  router: Router;
  market: MarketState;
  disk: DiskState;
  availabilities: AvailabilitiesState;
  reservations: ReservationsState;
  slots: SlotsState;
  queue: QueueState;
  earnings: EarningsState;
  outcomes: OutcomesState;
  settings: SettingsState;
  alerts: AlertsState;
}

/** Knobs tests turn; the app runs with the defaults. */
export interface AppOptions {
  window?: Window;
  live?: LiveTimings;
  toasts?: ToastTimings;
}

/** Creates the state objects and starts their live subscriptions; returns them and a stop function. */
export function createAppState(
  backend: Backend,
  options: AppOptions = {},
): { state: AppState; context: Map<symbol, unknown>; stop: () => void } {
  const availabilities = new AvailabilitiesState(backend);
  const settings = new SettingsState(backend);
  const market = new MarketState();
  const domains = {
    market,
    disk: new DiskState(availabilities),
    availabilities,
    reservations: new ReservationsState(),
    slots: new SlotsState(backend),
    queue: new QueueState(),
    earnings: new EarningsState(),
    outcomes: new OutcomesState(settings, market, options.toasts),
    settings,
    alerts: new AlertsState(backend),
  };
  // Settings go first so a patch's notification switches apply to the outcomes in the same patch.
  const sinks = [settings, ...Object.values(domains).filter((d) => d !== settings)];
  const state: AppState = {
    connection: new ConnectionState(backend),
    engine: new EngineStatusState(backend),
    live: new LiveSync(backend, sinks, options.live),
    router: new Router(options.window),
    ...domains,
  };
  const entries: [InjectionToken<unknown>, unknown][] = [
    [tokens.CONNECTION, state.connection],
    [tokens.ENGINE_STATUS, state.engine],
    [tokens.LIVE, state.live],
    [tokens.ROUTER, state.router],
    [tokens.MARKET, state.market],
    [tokens.DISK, state.disk],
    [tokens.AVAILABILITIES, state.availabilities],
    [tokens.RESERVATIONS, state.reservations],
    [tokens.SLOTS, state.slots],
    [tokens.QUEUE, state.queue],
    [tokens.EARNINGS, state.earnings],
    [tokens.OUTCOMES, state.outcomes],
    [tokens.SETTINGS, state.settings],
    [tokens.ALERTS, state.alerts],
  ];
  // The desktop shell asks to open a slot, or the alerts, when its notification or tray menu is clicked.
  const openSlot = backend.listen((message) => {
    if (message.name === 'ui.open-slot') state.router.go({ view: 'slot', slotId: message.payload.slotId });
    if (message.name === 'ui.open-alerts') state.router.go({ view: 'alerts' });
  });
  const stops = [state.engine.start(), state.live.start(), state.router.start(), openSlot];
  return {
    state,
    context: new Map(entries.map(([t, v]) => [t.key, v])),
    stop: () => stops.forEach((stop) => stop()),
  };
}
