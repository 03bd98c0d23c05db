// A Backend over the real api dispatcher and a FakeSalesSource, with JSON round trips like the
// transports, and hooks to hold a snapshot or lose patches on the way.
import type { AlertsSource } from '../../../src-main/api/alerts';
import type { ApiService } from '../../../src-main/api/dispatch';
import type { CommandName, EventMessage } from '../../../src-main/api/contract';
import type { PatchDto } from '../../../src-main/api/dto';
import { createApi, type ApiDeps, type RunningApi } from '../../../src-main/api/service';
import type { BackupSource, WalletKeys } from '../../../src-main/api/sources';
import { BackendError, type Backend, type ConnectionState } from '../../../src-renderer/backend';
import { FakeSalesSource, MemorySettings } from '../../fakes/sales-source';

/** The backend plus the levers a test pulls. */
export interface ApiBackend extends Backend {
  api: RunningApi;
  source: FakeSalesSource;
  settings: MemorySettings;
  /** Patches the dashboard never receives (returns true to drop). */
  drop: (patch: PatchDto) => boolean;
  /** While set, live.snapshot's reply waits for this promise. */
  holdSnapshot: Promise<void> | undefined;
  calls: string[];
  setLink(link: ConnectionState): void;
  close(): void;
}

/** What a test host serves besides the sales source: backups, files to download, a wallet key writer. */
export interface HostExtras {
  backups?: BackupSource;
  alerts?: AlertsSource;
  files?: Record<string, Blob>;
  checkCircuitDir?: ApiDeps['checkCircuitDir'];
  walletKeys?: WalletKeys;
}

/** Builds the api over a source (demo data by default) with fast patches and a quiet heartbeat. */
export function apiBackend(source = new FakeSalesSource().withDemoData(), extras: HostExtras = {}): ApiBackend {
  const settings = new MemorySettings();
  const api = createApi({
    host: 'headless',
    version: 'test',
    source,
    settings,
    ...(extras.alerts ? { alerts: extras.alerts } : {}),
    ...(extras.checkCircuitDir ? { checkCircuitDir: extras.checkCircuitDir } : {}),
    patchIntervalMs: 1,
    tickIntervalMs: 60_000,
    backups: extras.backups,
    ...(extras.walletKeys ? { walletKeys: extras.walletKeys } : {}),
  });
  return wrap(api, source, settings, extras.files ?? {});
}

function wrap(
  api: RunningApi,
  source: FakeSalesSource,
  settings: MemorySettings,
  files: Record<string, Blob>,
): ApiBackend {
  const connection = new Set<(s: ConnectionState) => void>();
  let link: ConnectionState = 'open';
  const backend: ApiBackend = {
    transport: 'websocket',
    api,
    source,
    settings,
    drop: () => false,
    holdSnapshot: undefined,
    calls: [],
    async invoke(name: CommandName, args: unknown) {
      backend.calls.push(name);
      const result = await (api as ApiService).invoke(name, JSON.parse(JSON.stringify(args)));
      // Held after the snapshot is taken, so patches newer than it can overtake the reply.
      if (name === 'live.snapshot' && backend.holdSnapshot) await backend.holdSnapshot;
      if (!result.ok) throw new BackendError(result.error);
      return JSON.parse(JSON.stringify(result.value));
    },
    listen(listener) {
      return api.subscribe((message: EventMessage) => {
        if (message.name === 'live.patch' && backend.drop(message.payload)) return;
        listener(JSON.parse(JSON.stringify(message)));
      });
    },
    async exportCsv(request) {
      backend.calls.push('export');
      // The browser's path: the engine streams the CSV (as the HTTP route does), the rows become a Blob.
      const started = await api.startExport(request);
      if (!started.ok) throw new BackendError(started.error);
      let text = '';
      for await (const chunk of started.export.chunks) text += chunk;
      return {
        kind: 'download',
        blob: new Blob([text], { type: 'text/csv' }),
        filename: started.export.filename,
        rows: started.export.rows(),
      };
    },
    onConnection(listener) {
      connection.add(listener);
      listener(link);
      return () => connection.delete(listener);
    },
    setLink(next) {
      link = next;
      for (const listener of connection) listener(next);
    },
    close: () => api.close(),
    async fetchFile(path: string) {
      const file = files[path];
      if (!file) throw new BackendError({ code: 'not-found', message: `no file at ${path}` });
      return file;
    },
  } as ApiBackend;
  return backend;
}
