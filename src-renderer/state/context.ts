// Builds every state object over one backend, keyed by the tokens components inject.
import type { Backend } from '../backend';
import { ConnectionState } from './connection.svelte';
import { EngineStatusState } from './engine-status.svelte';
import { CONNECTION, ENGINE_STATUS, type InjectionToken } from './tokens';

/** The state of a running dashboard. */
export interface AppState {
  connection: ConnectionState;
  engine: EngineStatusState;
}

/** Creates the state objects and starts their live subscriptions; returns them and a stop function. */
export function createAppState(backend: Backend): { state: AppState; context: Map<symbol, unknown>; stop: () => void } {
  const state: AppState = { connection: new ConnectionState(backend), engine: new EngineStatusState(backend) };
  const entries: [InjectionToken<unknown>, unknown][] = [
    [CONNECTION, state.connection],
    [ENGINE_STATUS, state.engine],
  ];
  const stopEngine = state.engine.start();
  return { state, context: new Map(entries.map(([t, v]) => [t.key, v])), stop: stopEngine };
}
