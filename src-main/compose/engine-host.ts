// Builds everything both hosts serve from one data folder: storage, the market backend (the market,
// its clock, slot data source, proof system and wallet), the sales engine and the api over them.
// The desktop and headless composition roots differ only in transport, so the wiring lives here once.
import { join } from 'node:path';
import type { RunningApi } from '../api/service';
import { createApi } from '../api/service';
import { createSalesReadModel } from '../api/read-model/read-model';
import type { CodexRestSource } from '../api/rest/source';
import type { DevnetSource } from '../api/rest/devnet';
import type { SettingsDto } from '../api/contract';
import type { SaveFile } from '../api/sources';
import { Sales, type Logger } from '../engine/index';
import { HashPool } from '../proofs/codex/index';
import type { CircuitChoice } from '../market/index';
import { checkCircuitDir } from '../proofs/circuits';
import { openStorage, DEFAULT_QUOTA_BYTES } from '../storage/open-storage';
import { RotatingLog } from '../storage/rotating-log';
import { openDataFolder } from '../storage/data-folder';
import { tightenDataFolder } from '../storage/private-files';
import { SettingsFile, type SettingsChange } from '../storage/settings-file';
import { AlertWatch } from './alert-watch';
import { BACKUP_DOWNLOAD_PREFIX, folderBackups } from './backups';
import { openMarketBackend, type MarketChoice, type MarketOpener } from './backends';
import { followChainStatus } from './chain-alerts';
import { logAlerter, teeAlerter } from './log-alerter';
import { codexSource } from './codex-source';
import { devnetSource } from './devnet-source';
import { refuseQuotaBelowHeld, setQuotaLive } from './quota';
import { trackHasher } from './tracked-hasher';
import { trackRepo } from './tracked-repo';
import { dataFolderWalletKeys } from './wallet-keys';

/** How to start the engine. */
export interface EngineHostOptions {
  host: 'desktop' | 'headless';
  version: string;
  dataDir: string;
  /** Repo quota in bytes; remembered in the data folder, so later starts need not repeat it. */
  quota?: bigint;
  /** The market to sell on (default: the embedded simulated market), or an opener of one. */
  market?: MarketChoice | MarketOpener;
  /** Where warnings and errors are echoed besides the log file. */
  echo?: (line: string) => void;
  /** The desktop's save dialog, for CSV exports. */
  saveFile?: SaveFile;
  /** How often the host checks behind the alerts run, in ms (tests shorten it). */
  alertCheckIntervalMs?: number;
  /** --circuit-dir (checked) and --circuit-url; the folder overrides the one saved in Settings. */
  circuits?: CircuitChoice;
}

/** A running engine and what the hosts serve from it. */
export interface EngineHost {
  api: RunningApi;
  codex: CodexRestSource;
  /** Present when the market can be scripted (sim, devnet). */
  devnet?: DevnetSource;
  settings: SettingsFile;
  logger: Logger;
  /** Runs the host checks behind the alerts now (they also run on a timer). */
  checkAlerts(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the engine in `dataDir`; throws with an actionable message when it cannot. */
export async function startEngineHost(options: EngineHostOptions): Promise<EngineHost> {
  const folder = openDataFolder(options.dataDir);
  const undo: (() => void | Promise<void>)[] = [() => folder.release()];
  try {
    const logger = new RotatingLog(join(options.dataDir, 'logs'), undefined, options.echo);
    const settings = new SettingsFile(options.dataDir);
    for (const warning of folder.warnings) logger.warn(warning);
    if (settings.problem) logger.warn(settings.problem);
    const quota = options.quota ?? settings.quotaMaxBytes() ?? DEFAULT_QUOTA_BYTES;

    // Alerts are timed by the market's clock, like every other time on the dashboard; it exists
    // once the market is open, before anything can raise an alert.
    let alertClock = (): number => Math.floor(Date.now() / 1000);
    const storage = openStorage({
      dataDir: options.dataDir,
      quotaMaxBytes: quota,
      logger,
      alertClock: () => alertClock(),
    });
    undo.push(() => storage.close());
    refuseQuotaBelowHeld(storage.repo.quota());
    if (options.quota !== undefined) settings.setQuotaMaxBytes(options.quota);
    // A devnet clock jump waits for the engine's file I/O between timers (see tracked-repo.ts).
    const io = trackRepo(storage.repo);
    // One hashing pool for the process, sized to the machine: the proof system and the simulated
    // clients share it. Closed after the backend and the engine, which may still be hashing.
    const pool = new HashPool();
    undo.push(() => pool.close());
    const hashing = trackHasher(pool);
    const circuits = await circuitChoice(options.circuits, settings.get().circuitDir, logger);
    const marketAlerts = teeAlerter(storage.alerts, logAlerter(logger));
    const backend = await openMarketBackend(options.market ?? { kind: 'sim' }, {
      dataDir: options.dataDir,
      ...(circuits ? { circuits } : {}),
      logger,
      repo: io.repo,
      hasher: hashing.hasher,
      engineBusy: () => io.inFlight() > 0 || hashing.inFlight() > 0,
      alerter: marketAlerts,
      // Slot data is keyed by its reservation's id.
      storedSlot: (dataKey) => {
        const reservation = storage.store.listReservations().find((r) => r.id === dataKey);
        return reservation && { slotIndex: reservation.slotIndex, storedBlocks: storage.store.storedBlocks(dataKey) };
      },
    });
    undo.push(() => backend.close());
    if (backend.status) undo.push(followChainStatus(backend.status, marketAlerts, backend.endpoint ?? backend.kind));
    const { market, clock, dataSource, proofSystem, wallet } = backend;
    alertClock = () => clock.now();
    const sales = new Sales(
      { market, clock, store: storage.store, repo: io.repo, dataSource, proofSystem, history: storage.history },
      { logger, sellingPaused: settings.get().sellingPaused, alerter: storage.alerts },
    );
    await sales.start();
    undo.push(() => sales.stop());
    // A host is ready once the market's events reach the engine, not when it merely subscribed.
    await backend.eventsReady?.();
    const watch = new AlertWatch({
      alerter: marketAlerts,
      unresolved: storage.alerts.unresolved(),
      quota: () => storage.repo.quota(),
      proofSystem,
      wallet,
      lowMarks: () => settings.get().alerts,
      probeDir: options.dataDir,
      logger,
      ...(options.alertCheckIntervalMs === undefined ? {} : { intervalMs: options.alertCheckIntervalMs }),
    });
    await watch.start();
    undo.push(() => watch.stop());
    const stopDiskWatch = sales.on((event) => event.type === 'availability-changed' && watch.checkDisk());
    undo.push(stopDiskWatch);
    // The circuit alert follows Sales' readiness gate at once, not at the next 30 s check.
    watch.checkCircuits(sales.proofReadiness());
    const stopCircuitWatch = sales.on(
      (event) => event.type === 'proofs-readiness-changed' && watch.checkCircuits(event.readiness),
    );
    undo.push(stopCircuitWatch);

    // The bundle's clock and wallet pass straight into the dashboard's read model.
    const source = createSalesReadModel({
      sales,
      repo: storage.repo,
      history: storage.queries,
      // A new quota moves the disk-below-quota condition at once, not at the next timed check.
      setQuota: (max) => {
        const after = setQuotaLive(storage, settings, max);
        watch.checkDisk();
        return after;
      },
      quotaChosen: () => settings.quotaMaxBytes() !== undefined,
      clock,
      wallet,
      marketKind: backend.kind,
      ...(backend.circuit ? { circuit: { ...backend.circuit } } : {}),
      ...(backend.status ? { status: backend.status } : {}),
      ...(backend.network ? { network: backend.network } : {}),
      logger,
    });
    const api = createApi({
      host: options.host,
      version: options.version,
      source,
      settings: apiSettings(settings, (change) => change.alerts !== undefined && void watch.checkNow()),
      alerts: storage.alerts,
      checkCircuitDir,
      now: () => clock.now(),
      ...(options.saveFile ? { saveFile: options.saveFile } : {}),
      walletKeys: dataFolderWalletKeys(options.dataDir),
      backups: folderBackups(options.dataDir, options.host === 'headless' ? BACKUP_DOWNLOAD_PREFIX : undefined),
    });
    // The market's database was just created with the default mode: make it and its -wal/-shm private.
    tightenDataFolder(options.dataDir);
    logger.info('engine started', { dataDir: options.dataDir, quota, market: backend.kind, host: wallet.address });
    return {
      api,
      codex: codexSource(sales, storage.repo, market),
      ...(backend.devnet ? { devnet: devnetSource(backend.devnet, wallet) } : {}),
      settings,
      logger,
      checkAlerts: () => watch.checkNow(),
      async stop() {
        api.close();
        source.close();
        for (const step of undo.reverse()) await step();
        logger.info('engine stopped');
      },
    };
  } catch (error) {
    for (const step of undo.reverse()) await step();
    throw error;
  }
}

/** The settings as the api sees them (the quota changes through quota.set, checked against what is held); `changed` follows updates. */
function apiSettings(file: SettingsFile, changed: (change: SettingsChange) => void) {
  const strip = ({ quotaMaxBytes: _quota, ...rest }: ReturnType<SettingsFile['get']>): SettingsDto => rest;
  return {
    get: () => strip(file.get()),
    update: (change: SettingsChange) => {
      const after = strip(file.update(change));
      changed(change);
      return after;
    },
  };
}

/** The flags' circuit files, or the folder saved in Settings (checked again: it may have changed since). */
async function circuitChoice(
  flags: CircuitChoice | undefined,
  saved: string | undefined,
  logger: Logger,
): Promise<CircuitChoice | undefined> {
  if (flags?.dir !== undefined) return { ...flags, dirFrom: 'circuit-dir' };
  if (saved === undefined) return flags;
  const checked = await checkCircuitDir(saved);
  // A wrong saved folder is used anyway: the proof system then says what is wrong, and selling waits.
  if (!checked.ok) logger.warn(`the circuit folder saved in Settings is not usable: ${checked.message}`);
  return { ...flags, dir: checked.ok ? checked.dir : saved, dirFrom: 'settings' };
}
