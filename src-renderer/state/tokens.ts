// Typed context tokens: components get state objects through inject(TOKEN), never by import.
import { getContext, setContext } from 'svelte';
import type { AlertsState } from './alerts.svelte';
import type { AvailabilitiesState } from './availabilities.svelte';
import type { ConnectionState } from './connection.svelte';
import type { DiskState } from './disk.svelte';
import type { EarningsState } from './earnings.svelte';
import type { EngineStatusState } from './engine-status.svelte';
import type { LiveSync } from './live.svelte';
import type { MarketState } from './market.svelte';
import type { OutcomesState } from './outcomes.svelte';
import type { QueueState } from './queue.svelte';
import type { ReservationsState } from './reservations.svelte';
import type { Router } from './router.svelte';
import type { SettingsState } from './settings.svelte';
import type { SlotsState } from './slots.svelte';

/** A typed key for Svelte's context. */
export interface InjectionToken<T> {
  readonly key: symbol;
  readonly _type?: T;
}

function token<T>(name: string): InjectionToken<T> {
  return { key: Symbol(name) };
}

/** Provides a value to every descendant component. */
export function provide<T>(t: InjectionToken<T>, value: T): T {
  return setContext(t.key, value);
}

/** Reads a provided value; a missing provider is a programming error worth failing loudly on. */
export function inject<T>(t: InjectionToken<T>): T {
  const value = getContext<T | undefined>(t.key);
  if (value === undefined) throw new Error(`Nothing provides ${String(t.key.description)}`);
  return value;
}

export const ENGINE_STATUS = token<EngineStatusState>('EngineStatusState');
export const CONNECTION = token<ConnectionState>('ConnectionState');
export const LIVE = token<LiveSync>('LiveSync');
export const ROUTER = token<Router>('Router');
export const MARKET = token<MarketState>('MarketState');
export const DISK = token<DiskState>('DiskState');
export const AVAILABILITIES = token<AvailabilitiesState>('AvailabilitiesState');
export const RESERVATIONS = token<ReservationsState>('ReservationsState');
export const SLOTS = token<SlotsState>('SlotsState');
export const QUEUE = token<QueueState>('QueueState');
export const EARNINGS = token<EarningsState>('EarningsState');
export const OUTCOMES = token<OutcomesState>('OutcomesState');
export const SETTINGS = token<SettingsState>('SettingsState');
export const ALERTS = token<AlertsState>('AlertsState');
