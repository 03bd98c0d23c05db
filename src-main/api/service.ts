// Builds the api both hosts serve. Grows with the engine; the hosts only pass their dependencies.
import type { EngineStatus } from './contract';
import { createDispatcher, type ApiService, type Handlers } from './dispatch';

/** What the api needs from its host. */
export interface ApiDeps {
  host: EngineStatus['host'];
  version: string;
  /** Engine clock in unix seconds. */
  now: () => number;
  /** How often the heartbeat ticks, in ms (tests shorten it). */
  tickIntervalMs?: number;
}

/** A running api: the dispatcher plus a close() that stops its timers. */
export interface RunningApi extends ApiService {
  close(): void;
}

/** Creates the api service and starts its live event sources. */
export function createApi(deps: ApiDeps): RunningApi {
  const startedAt = deps.now();
  const handlers: Handlers = {
    'status.get': {
      mutates: false,
      run: async () => ({ now: deps.now(), startedAt, host: deps.host, version: deps.version }),
    },
  };
  const api = createDispatcher(handlers);
  const timer = setInterval(() => api.emit('engine.tick', { now: deps.now() }), deps.tickIntervalMs ?? 1000);
  timer.unref();
  return { ...api, close: () => clearInterval(timer) };
}
