// Composition root of the headless host: reads flags, starts the engine, serves the dashboard, the
// REST api and the WebSocket bridge, and prints the ready line the docs and tests rely on.
import { join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { backupsDir } from '../compose/backups';
import { startEngineHost } from '../compose/engine-host';
import { defaultDataDir } from '../storage/data-dir';
import { ensurePrivateFolder } from '../storage/private-files';
import { savedChainSettings, savedNetworkSettings } from '../storage/settings-file';
import { isLoopback } from './auth';
import { parseHeadlessArgs, USAGE } from './cli';
import { resolveProofFlags } from './cli-proofs';
import { marketChoice, runWalletCommand } from './market-start';
import { runBackup, runRestore } from './maintenance';
import { startHeadlessServer } from './server';
import { describeStop, stopWithin } from './shutdown';
import { resolveToken } from './token-file';

const { version } = packageJson;

/** How long SIGTERM/SIGINT waits for connections to close and in-flight writes to finish. */
const STOP_DEADLINE_MS = 10_000;

function fail(message: string): never {
  process.stderr.write(`slotkeeper: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const parsed = parseHeadlessArgs(
    process.argv.slice(2),
    (dir) => savedChainSettings(dir ?? defaultDataDir()),
    (dir) => savedNetworkSettings(dir ?? defaultDataDir()),
  );
  if (!parsed.ok) fail(`${parsed.message}\n${USAGE}`);
  const options = parsed.options;
  if (options.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (!isLoopback(options.host) && options.token === undefined) {
    fail(
      `refusing to listen on ${options.host} without --token: anyone on that network could control this node. Pass --token with a secret of 16 or more characters, or listen on 127.0.0.1.`,
    );
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  if (options.wallet !== undefined) {
    // An import without --wallet writes into the data folder: it must exist, private.
    if (options.wallet.kind === 'import' && options.wallet.file === undefined) ensurePrivateFolder(dataDir);
    const line = await runWalletCommand(options.wallet, dataDir).catch((error: Error) => fail(error.message));
    process.stdout.write(line + '\n');
    return;
  }
  if (options.backup !== undefined || options.restore !== undefined) {
    const job =
      options.backup !== undefined ? runBackup(dataDir, options.backup) : runRestore(dataDir, options.restore!);
    const line = await job.catch((error: Error) => fail(error.message));
    process.stdout.write(line + '\n');
    return;
  }
  try {
    const warning = ensurePrivateFolder(dataDir);
    if (warning) process.stderr.write(`slotkeeper: warning: ${warning}\n`);
  } catch (error) {
    fail(`cannot create the data folder ${dataDir}: ${(error as Error).message}`);
  }

  const proofFlags = await resolveProofFlags(options);
  if (!proofFlags.ok) fail(proofFlags.message);

  const engine = await startEngineHost({
    host: 'headless',
    version,
    dataDir,
    quota: options.quota,
    market: marketChoice(options),
    circuits: proofFlags.circuits,
    echo: (line) => process.stderr.write(`slotkeeper: ${line}\n`),
  }).catch((error: Error) => fail(error.message));

  const token = resolveToken(dataDir, options.token);
  const server = await startHeadlessServer({
    api: engine.api,
    token,
    host: options.host,
    port: options.port,
    rendererDir: join(import.meta.dirname, '../renderer'),
    codex: engine.codex,
    devnet: engine.devnet,
    exports: engine.api,
    log: (line) => engine.logger.info(line),
    allowedHosts: options.allowedHosts,
    backupsDir: backupsDir(dataDir),
  }).catch(async (error: Error) => {
    await engine.stop();
    return fail(`cannot listen on ${options.host}:${options.port}: ${error.message}`);
  });

  process.stdout.write(`Slotkeeper ready: ${server.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`slotkeeper: ${signal} again: exiting at once, before the stop finished\n`);
      process.exit(1);
    }
    stopping = true;
    const steps = [
      { name: 'closing connections', run: () => server.close() },
      { name: 'stopping the engine and letting its writes finish', run: () => engine.stop() },
    ];
    void stopWithin(steps, STOP_DEADLINE_MS).then((outcome) => {
      const { status, line } = describeStop(outcome, STOP_DEADLINE_MS);
      if (line) process.stderr.write(`slotkeeper: ${line}\n`);
      process.exit(status);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
