// Builds everything both hosts serve from one data folder: storage, the simulated market, the
// sales engine and the api over them. The desktop and headless composition roots differ only in
// transport, so the wiring lives here once.
import { join } from 'node:path';
import type { RunningApi } from '../api/service';
import { createApi } from '../api/service';
import type { CodexRestSource } from '../api/rest/source';
import type { DevnetSource } from '../api/rest/devnet';
import type { SettingsDto } from '../api/contract';
import { Sales, type Logger, type RepoQuota } from '../engine/index';
import { MarketSimulator, nodeSha256 } from '../market/index';
import { openStorage, DEFAULT_QUOTA_BYTES } from '../storage/open-storage';
import { RotatingLog } from '../storage/rotating-log';
import { openDataFolder } from '../storage/data-folder';
import { tightenDataFolder } from '../storage/private-files';
import { SettingsFile } from '../storage/settings-file';
import { BACKUP_DOWNLOAD_PREFIX, folderBackups } from './backups';
import { codexSource } from './codex-source';
import { devnetSource } from './devnet-source';
import { createSalesSource } from './sales-source';
import { trackRepo } from './tracked-repo';

/** How to start the engine. */
export interface EngineHostOptions {
  host: 'desktop' | 'headless';
  version: string;
  dataDir: string;
  /** Repo quota in bytes; remembered in the data folder, so later starts need not repeat it. */
  quota?: bigint;
  sim?: { seed?: number; speed?: number; rate?: number; competitors?: number };
  /** Where warnings and errors are echoed besides the log file. */
  echo?: (line: string) => void;
}

/** A running engine and what the hosts serve from it. */
export interface EngineHost {
  api: RunningApi;
  codex: CodexRestSource;
  devnet: DevnetSource;
  settings: SettingsFile;
  logger: Logger;
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

    const storage = openStorage({ dataDir: options.dataDir, quotaMaxBytes: quota });
    undo.push(() => storage.close());
    refuseQuotaBelowHeld(storage.repo.quota());
    if (options.quota !== undefined) settings.setQuotaMaxBytes(options.quota);
    const sim = new MarketSimulator({
      dbPath: join(options.dataDir, 'market.sqlite'),
      clock: 'realtime',
      seed: options.sim?.seed,
      speed: options.sim?.speed,
      clientRate: options.sim?.rate,
      competitors: options.sim?.competitors,
      logger,
    });
    undo.push(() => sim.close());
    const market = sim.connect();
    // A devnet clock jump waits for the engine's file I/O between timers (see tracked-repo.ts).
    const io = trackRepo(storage.repo);
    const simIdle = sim.clock.idle;
    sim.clock.idle = () => simIdle() && io.inFlight() === 0;
    const sales = new Sales(
      {
        market,
        clock: sim.clock,
        store: storage.store,
        repo: io.repo,
        dataSource: sim.content,
        history: storage.history,
      },
      { hash: nodeSha256, logger, sellingPaused: settings.get().sellingPaused },
    );
    await sales.start();
    undo.push(() => sales.stop());

    const source = createSalesSource({ sales, repo: storage.repo, sim });
    const api = createApi({
      host: options.host,
      version: options.version,
      source,
      settings: apiSettings(settings),
      now: () => sim.now(),
      backups: folderBackups(options.dataDir, options.host === 'headless' ? BACKUP_DOWNLOAD_PREFIX : undefined),
    });
    // The market's database was just created with the default mode: make it and its -wal/-shm private.
    tightenDataFolder(options.dataDir);
    logger.info('engine started', { dataDir: options.dataDir, quota, host: sim.hostAddress });
    return {
      api,
      codex: codexSource(sales, storage.repo, market),
      devnet: devnetSource(sim),
      settings,
      logger,
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

/** The settings as the api sees them (without the quota, which is a start-up option). */
function apiSettings(file: SettingsFile) {
  const strip = ({ quotaMaxBytes: _quota, ...rest }: ReturnType<SettingsFile['get']>): SettingsDto => rest;
  return {
    get: () => strip(file.get()),
    update: (change: Parameters<SettingsFile['update']>[0]) => strip(file.update(change)),
  };
}

/** A quota below what availabilities and slot data already hold would show impossible disk numbers. */
function refuseQuotaBelowHeld(quota: RepoQuota): void {
  const held = quota.used + quota.reserved;
  if (quota.max >= held) return;
  throw new Error(
    `The quota of ${quota.max} bytes is smaller than what this data folder already holds: ` +
      `${quota.reserved} bytes offered in availabilities and ${quota.used} bytes of slot data. ` +
      `Choose --quota ${held} or more, or shrink your availabilities first. Nothing was changed.`,
  );
}
