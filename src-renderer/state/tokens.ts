// Typed context tokens: components get state objects through inject(TOKEN), never by import.
import { getContext, setContext } from 'svelte';
import type { ConnectionState } from './connection.svelte';
import type { EngineStatusState } from './engine-status.svelte';

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
