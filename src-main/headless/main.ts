// Composition root of the headless host: reads flags, starts the engine, serves the dashboard, the
// REST api and the WebSocket bridge, and prints the ready line the docs and tests rely on.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { version } from '../../package.json';
import { startEngineHost } from '../compose/engine-host';
import { defaultDataDir } from '../storage/data-dir';
import { isLoopback } from './auth';
import { parseHeadlessArgs } from './cli';
import { startHeadlessServer } from './server';
import { resolveToken } from './token-file';

const usage =
  'Usage: npm run headless -- [--data-dir DIR] [--host 127.0.0.1] [--port N] [--token T] [--quota BYTES] [--market sim] [--sim-seed N] [--sim-speed X] [--sim-rate R] [--sim-competitors N]';

function fail(message: string): never {
  process.stderr.write(`slotkeeper: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const parsed = parseHeadlessArgs(process.argv.slice(2));
  if (!parsed.ok) fail(`${parsed.message}\n${usage}`);
  const options = parsed.options;
  if (!isLoopback(options.host) && options.token === undefined) {
    fail(
      `refusing to listen on ${options.host} without --token: anyone on that network could control this node. Pass --token with a secret of 16 or more characters, or listen on 127.0.0.1.`,
    );
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    fail(`cannot create the data folder ${dataDir}: ${(error as Error).message}`);
  }

  const engine = await startEngineHost({
    host: 'headless',
    version,
    dataDir,
    quota: options.quota,
    market: {
      kind: options.market,
      seed: options.simSeed,
      speed: options.simSpeed,
      rate: options.simRate,
      competitors: options.simCompetitors,
    },
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
  }).catch(async (error: Error) => {
    await engine.stop();
    return fail(`cannot listen on ${options.host}:${options.port}: ${error.message}`);
  });

  process.stdout.write(`Slotkeeper ready: ${server.url}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void server
      .close()
      .then(() => engine.stop())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
