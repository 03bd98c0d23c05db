// Starts the dashboard's state over the real api and a FakeSalesSource, loaded and live.
import { vi } from 'vitest';
import { createAppState, type AppState } from '../../../src-renderer/state/context';
import type { FakeSalesSource } from '../../fakes/sales-source';
import { apiBackend, type ApiBackend, type HostExtras } from './api-backend';

/** A running dashboard state for one test. */
export interface TestApp {
  backend: ApiBackend;
  state: AppState;
  context: Map<symbol, unknown>;
  stop: () => void;
}

const running: TestApp[] = [];

/** Builds the state over the source (demo data by default) and waits for the first snapshot. */
export async function startApp(source?: FakeSalesSource, extras?: HostExtras): Promise<TestApp> {
  const backend = apiBackend(source, extras);
  const { state, context, stop } = createAppState(backend, {
    live: { retryMs: 10 },
    toasts: { visibleMs: 60_000, max: 4 },
  });
  const app = { backend, state, context, stop };
  running.push(app);
  await vi.waitFor(() => {
    if (state.live.status !== 'live') throw new Error(`live is ${state.live.status}`);
  });
  return app;
}

/** Stops every app started by the current test (call from afterEach). */
export function stopApps(): void {
  for (const app of running.splice(0)) {
    app.stop();
    app.backend.close();
  }
}

/** Waits until the api's coalesced patch has reached the dashboard. */
export async function settle(app: TestApp, seq: number): Promise<void> {
  await vi.waitFor(() => {
    if (app.state.live.seq < seq) throw new Error(`at seq ${app.state.live.seq}, waiting for ${seq}`);
  });
}
