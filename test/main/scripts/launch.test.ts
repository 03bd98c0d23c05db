// `npm start`'s decisions (scripts/launch.mjs) driven for real: electron's own @electron/get and install.js
// fetch a fake release from a loopback mirror into a sandboxed copy of the electron package, and the
// "window" is that release's binary, a shell script. The real node_modules/electron is only read.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installedElectron } from '../../../scripts/electron-binary.mjs';
import { downloadTimeout, launch, type LaunchOptions } from '../../../scripts/launch.mjs';
import {
  fakeRelease,
  makeSandbox,
  type Mirror,
  type MirrorMode,
  type Sandbox,
  sandboxEnv,
  startMirror,
  windowLine,
} from './fake-electron-release';

const realElectron = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'electron');
const appDir = '/path/to/slotkeeper';

/** A writable that keeps what was written; tty picks the progress style. */
function sink(tty = false) {
  const chunks: string[] = [];
  return { isTTY: tty, write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

interface Run {
  result: Awaited<ReturnType<typeof launch>>;
  out: string;
  err: string;
  spawned: { command: string; args: readonly string[] }[];
  headlessArgs: string[] | undefined;
  windowOutput: Promise<string>;
}

/** Runs launch() as `npm start` would, with the window's output captured instead of inherited. */
async function start(options: Partial<LaunchOptions> & Pick<LaunchOptions, 'env'>, tty = false): Promise<Run> {
  const out = sink();
  const err = sink(tty);
  const spawned: Run['spawned'] = [];
  let headlessArgs: string[] | undefined;
  let child: ChildProcess | undefined;
  const spawnCaptured = ((command: string, args: readonly string[], opts: object) => {
    spawned.push({ command, args });
    child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'inherit'] });
    return child;
  }) as unknown as typeof spawn;
  const result = await launch({
    appDir,
    args: [],
    platform: 'linux',
    packageDir: sandbox.packageDir,
    spawn: spawnCaptured,
    startHeadless: async (args) => {
      headlessArgs = args;
    },
    out,
    err,
    ...options,
  });
  const windowOutput = new Promise<string>((resolve) => {
    if (!child) return resolve('');
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('close', () => resolve(text));
  });
  return { result, out: out.text(), err: err.text(), spawned, headlessArgs, windowOutput };
}

let sandbox: Sandbox;
let mirror: Mirror | undefined;
let realElectronBefore: string[];

async function withMirror(mode: MirrorMode): Promise<Mirror> {
  mirror = await startMirror(sandbox.version, mode);
  return mirror;
}

const headlessLine = (reason: string) => `Slotkeeper: starting headless mode because ${reason}.\n`;

beforeAll(() => {
  realElectronBefore = readdirSync(realElectron).sort();
});
afterAll(() => {
  expect(readdirSync(realElectron).sort()).toEqual(realElectronBefore);
});
afterEach(async () => {
  await mirror?.close();
  mirror = undefined;
  sandbox?.remove();
});

describe.runIf(process.platform === 'linux')('npm start on a desktop', () => {
  it('downloads Electron through ELECTRON_MIRROR on first start, installs it and opens the window with the app', async () => {
    sandbox = makeSandbox();
    const { url, requests } = await withMirror('serve');
    const run = await start({ env: sandboxEnv(sandbox, url), args: ['--some-flag'] }, true);

    expect(run.out).toBe('');
    expect('window' in run.result).toBe(true);
    expect(requests).toEqual([`/v${sandbox.version}/electron-v${sandbox.version}-linux-${process.arch}.zip`]);
    const binary = join(sandbox.packageDir, 'dist', 'electron');
    expect(readFileSync(join(sandbox.packageDir, 'path.txt'), 'utf8')).toBe('electron');
    expect(statSync(binary).mode & 0o111).not.toBe(0);
    expect(installedElectron(sandbox.packageDir, {})).toBe(binary);
    // The zip stays in the (isolated) cache, so a reinstall of node_modules does not fetch it again.
    expect(readdirSync(sandbox.cacheDir)).toHaveLength(1);
    expect(run.spawned).toEqual([{ command: binary, args: [appDir, '--some-flag'] }]);
    expect(await run.windowOutput).toBe(`${windowLine} ${appDir} --some-flag\n`);
    expect(run.err).toContain(`Slotkeeper: downloading Electron ${sandbox.version} (once`);
    const size = fakeRelease(sandbox.version).zip.length;
    const finalLine = `\rSlotkeeper: downloading Electron ${sandbox.version}: ${size} of ${size} B (100%)\u001b[K\n`;
    expect(run.err.slice(-finalLine.length)).toBe(finalLine);
  });

  it('opens the window from the installed binary on later starts without contacting the mirror', async () => {
    sandbox = makeSandbox();
    const first = await withMirror('serve');
    await (
      await start({ env: sandboxEnv(sandbox, first.url) })
    ).windowOutput;
    expect(first.requests).toHaveLength(1);

    const run = await start({ env: sandboxEnv(sandbox, first.url) });
    expect(first.requests).toHaveLength(1);
    expect(run.err).toBe('');
    expect(await run.windowOutput).toBe(`${windowLine} ${appDir}\n`);
  });

  it('prints plain progress lines, not carriage returns, when stderr is not a terminal', async () => {
    sandbox = makeSandbox();
    const { url } = await withMirror('serve');
    const run = await start({ env: sandboxEnv(sandbox, url) }, false);
    await run.windowOutput;
    expect(run.err).not.toContain('\r');
    expect(run.err.trimEnd().split('\n').at(-1)).toMatch(
      /^Slotkeeper: downloading Electron [\d.]+: \d+ of \d+ B \(100%\)$/,
    );
  });
});

describe.runIf(process.platform === 'linux')('npm start falls back to headless with the true reason', () => {
  it('when the mirror answers 404, naming the status and the URL, and installs nothing', async () => {
    sandbox = makeSandbox();
    const { url } = await withMirror('not-found');
    const run = await start({ env: sandboxEnv(sandbox, url), args: ['--port', '0'] });
    const zipUrl = `${url}v${sandbox.version}/electron-v${sandbox.version}-linux-${process.arch}.zip`;
    const reason = `the Electron download failed: Response code 404 (Not Found) for ${zipUrl}`;
    expect(run.out).toBe(headlessLine(reason));
    expect(run.result).toEqual({ headless: reason });
    expect(run.headlessArgs).toEqual(['--port', '0']);
    expect(run.spawned).toEqual([]);
    expect(existsSync(join(sandbox.packageDir, 'path.txt'))).toBe(false);
  });

  it('when the mirror never answers, after SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT seconds, leaving no partial files', async () => {
    sandbox = makeSandbox();
    const { url } = await withMirror('hang');
    const run = await start({ env: sandboxEnv(sandbox, url, { SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT: '0.5' }) });
    expect(run.out).toBe(
      headlessLine(
        'the Electron download did not finish within 0.5 s (SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT sets the limit in seconds)',
      ),
    );
    expect(readdirSync(join(sandbox.root, 'tmp'))).toEqual([]);
    expect(existsSync(sandbox.cacheDir)).toBe(false);
  });

  it('when the download stalls midway, after the same limit, having shown how far it got', async () => {
    sandbox = makeSandbox();
    const { url } = await withMirror('stall');
    const run = await start({ env: sandboxEnv(sandbox, url, { SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT: '0.5' }) });
    expect(run.out).toBe(
      headlessLine(
        'the Electron download did not finish within 0.5 s (SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT sets the limit in seconds)',
      ),
    );
    expect(run.err).toMatch(/: \d+ of \d+ B \((4|5)\d%\)\n$/);
    expect(readdirSync(join(sandbox.root, 'tmp'))).toEqual([]);
    expect(existsSync(join(sandbox.packageDir, 'dist'))).toBe(false);
  });

  it('when nothing listens at the mirror, giving the connection error', async () => {
    sandbox = makeSandbox();
    const port = await closedPort();
    const run = await start({ env: sandboxEnv(sandbox, `http://127.0.0.1:${port}/`) });
    expect(run.out).toBe(
      headlessLine(`the Electron download failed: fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`),
    );
  });

  it('when the zip does not match the checksum electron ships, and installs nothing', async () => {
    sandbox = makeSandbox();
    const { url } = await withMirror('tampered');
    const run = await start({ env: sandboxEnv(sandbox, url) });
    const fileName = `electron-v${sandbox.version}-linux-${process.arch}.zip`;
    expect(run.out).toBe(
      headlessLine(
        `the Electron download failed: Generated checksum for "${fileName}" did not match expected checksum`,
      ),
    );
    expect(existsSync(join(sandbox.packageDir, 'dist'))).toBe(false);
  });

  it("when electron's install.js cannot unpack the zip, with its error", async () => {
    sandbox = makeSandbox({ extractor: false });
    const { url } = await withMirror('serve');
    const run = await start({ env: sandboxEnv(sandbox, url) });
    expect(run.out).toBe(
      headlessLine(
        "unpacking the downloaded Electron failed: Error: Cannot find module '@electron-internal/extract-zip'",
      ),
    );
    expect(run.spawned).toEqual([]);
  });

  it('when there is no display, before downloading anything', async () => {
    sandbox = makeSandbox();
    const { url, requests } = await withMirror('serve');
    const env = sandboxEnv(sandbox, url);
    delete env.DISPLAY;
    const run = await start({ env });
    expect(run.out).toBe(headlessLine('there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)'));
    expect(requests).toEqual([]);
  });

  it('when --headless is given, passing the other flags on', async () => {
    sandbox = makeSandbox();
    const { url, requests } = await withMirror('serve');
    const run = await start({ env: sandboxEnv(sandbox, url), args: ['--headless', '--port', '0'] });
    expect(run.out).toBe(headlessLine('--headless was given'));
    expect(run.headlessArgs).toEqual(['--port', '0']);
    expect(requests).toEqual([]);
  });

  it('when the electron package is not installed', async () => {
    sandbox = makeSandbox();
    const run = await start({ env: { DISPLAY: ':99' }, packageDir: undefined });
    expect(run.out).toBe(headlessLine('the electron package is not installed (run npm install)'));
  });

  it('when ELECTRON_SKIP_BINARY_DOWNLOAD is set and no binary is installed', async () => {
    sandbox = makeSandbox();
    const { url, requests } = await withMirror('serve');
    const run = await start({ env: sandboxEnv(sandbox, url, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }) });
    expect(run.out).toBe(headlessLine('no Electron binary is installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set'));
    expect(requests).toEqual([]);
  });

  it('when the installed binary cannot be run', async () => {
    sandbox = makeSandbox();
    const { url } = await withMirror('serve');
    await (
      await start({ env: sandboxEnv(sandbox, url) })
    ).windowOutput;
    const binary = join(sandbox.packageDir, 'dist', 'electron');
    chmodSync(binary, 0o644);
    const run = await start({ env: sandboxEnv(sandbox, url) });
    expect(run.out).toBe(headlessLine(`the Electron binary ${binary} could not be run: spawn ${binary} EACCES`));
  });
});

describe('SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT', () => {
  it('defaults to ten minutes and takes seconds, fractions included', () => {
    expect(downloadTimeout({})).toEqual({ ms: 600_000 });
    expect(downloadTimeout({ SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT: '1800' })).toEqual({ ms: 1_800_000 });
    expect(downloadTimeout({ SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT: '2.5' })).toEqual({ ms: 2_500 });
  });

  it.each(['0', '-5', 'ten', '5m', '1e3'])('refuses %j and starts nothing', async (value) => {
    sandbox = makeSandbox();
    const run = await start({ env: { DISPLAY: ':99', SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT: value } });
    const message = `SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT must be a number of seconds greater than 0, for example 900 (got "${value}")`;
    expect(run.result).toEqual({ refused: message });
    expect(run.err).toBe(`Slotkeeper: ${message}.\n`);
    expect(run.out).toBe('');
    expect(run.headlessArgs).toBeUndefined();
    expect(run.spawned).toEqual([]);
  });
});

/** A loopback port with nothing listening: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
