// Where a Groth16 market's circuit files come from, through the real engine host: a folder saved in
// Settings only once it is checked, handed to the market at the next start, --circuit-dir winning
// over it; the compose helpers a devnet or chain backend opens its proof system with, proving
// readiness on the real devnet circuit.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotDto } from '../../../src-main/api/dto';
import { startEngineHost, type EngineHostOptions } from '../../../src-main/compose/engine-host';
import { circuitFilesFor, devnetProofCircuit, openGroth16Proofs } from '../../../src-main/compose/groth16-proofs';
import { silentLogger } from '../../../src-main/engine/index';
import { createInProcessSimBackend, type BackendContext, type CircuitChoice } from '../../../src-main/market/index';
import { fileSlotTreeStorage, HashPool } from '../../../src-main/proofs/codex';
import { openTestStorage } from '../../fakes/test-db';
import { devnetCircuit } from '../../support/devnet-circuit';

let built: string;
let zkeyHash: string;
beforeAll(async () => {
  const circuit = await devnetCircuit();
  built = circuit.dir;
  zkeyHash = circuit.zkeyHash;
}, 180_000);

/** Starts a host on a quiet sim market that reports a circuit the way a Groth16 backend does, recording its context. */
async function host(dataDir: string, circuits?: CircuitChoice) {
  const seen: { circuits?: CircuitChoice } = {};
  const market: EngineHostOptions['market'] = async (context) => {
    if (context.circuits) seen.circuits = context.circuits;
    const backend = await createInProcessSimBackend(context, { rate: 0, competitors: 0 });
    return { ...backend, circuit: circuitFilesFor(context, zkeyHash) };
  };
  const started = await startEngineHost({
    host: 'headless',
    version: 't',
    dataDir,
    market,
    ...(circuits ? { circuits } : {}),
  });
  const snapshot = await started.api.invoke('live.snapshot', {});
  return { host: started, seen, proofs: snapshot.ok ? (snapshot.value as SnapshotDto).proofs : undefined };
}

/** The circuit folder in settings.json, if the file exists and holds one. */
const savedDir = (dataDir: string): unknown =>
  existsSync(join(dataDir, 'settings.json'))
    ? (JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as { circuitDir?: string }).circuitDir
    : undefined;

describe('the circuit folder in Settings', () => {
  it('is saved only once checked, reaches the market at the next start, and --circuit-dir wins over it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sk-circuit-'));
    const mine = join(dataDir, '..', `${dataDir.split('/').at(-1)}-mine`);
    await cp(built, mine, { recursive: true });
    try {
      const first = await host(dataDir);
      expect(first.seen.circuits).toBeUndefined();
      expect(first.proofs?.circuit).toEqual({
        dir: join(dataDir, 'circuits', zkeyHash),
        zkeyHash,
        origin: 'data-folder',
        url: `https://circuit.codex.storage/proving-key/${zkeyHash}`,
      });
      const refused = await first.host.api.invoke('settings.update', { circuitDir: join(dataDir, 'nope') });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument', message: expect.stringContaining('does not exist') },
      });
      expect(savedDir(dataDir)).toBeUndefined();
      expect(await first.host.api.invoke('settings.update', { circuitDir: mine })).toMatchObject({
        ok: true,
        value: { circuitDir: mine },
      });
      await first.host.stop();

      const second = await host(dataDir);
      expect(second.seen.circuits).toEqual({ dir: mine, dirFrom: 'settings' });
      expect(second.proofs?.circuit).toMatchObject({ dir: mine, origin: 'settings' });
      await second.host.stop();

      const flagged = await host(dataDir, { dir: built });
      expect(flagged.seen.circuits).toEqual({ dir: built, dirFrom: 'circuit-dir' });
      expect(await flagged.host.api.invoke('settings.update', { circuitDir: null })).toMatchObject({ ok: true });
      await flagged.host.stop();
      expect(savedDir(dataDir)).toBeUndefined();
    } finally {
      rmSync(mine, { recursive: true, force: true });
    }
  });

  it('is still handed over when it went bad since it was saved, with a warning in the log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sk-circuit-'));
    const mine = join(dataDir, 'mine');
    await cp(built, mine, { recursive: true });
    const first = await host(dataDir);
    await first.host.api.invoke('settings.update', { circuitDir: mine });
    await first.host.stop();
    await rm(join(mine, 'proof_main.zkey'));
    const second = await host(dataDir);
    await second.host.stop();
    expect(second.seen.circuits).toEqual({ dir: mine, dirFrom: 'settings' });
    const log = readFileSync(join(dataDir, 'logs', 'slotkeeper.log'), 'utf8');
    expect(log).toContain('the circuit folder saved in Settings is not usable');
  });
});

describe('the Groth16 proof system of a devnet or chain backend', () => {
  it('on a devnet takes the operator’s folder with its zkey’s own hash, and can prove with it', async () => {
    const circuit = await devnetProofCircuit({ circuits: { dir: built, dirFrom: 'circuit-dir' } });
    expect(circuit).toMatchObject({ dir: built, zkeyHash, origin: 'circuit-dir' });
    expect(circuit.zkeyHash).toBe(
      createHash('sha256')
        .update(readFileSync(join(built, 'proof_main.zkey')))
        .digest('hex'),
    );
    expect(circuit.verificationKey).toMatchObject({ protocol: 'groth16', nPublic: 3 });

    const storage = openTestStorage();
    const pool = new HashPool({ size: 1 });
    const context: Pick<BackendContext, 'circuits' | 'dataDir' | 'logger' | 'repo'> = {
      dataDir: storage.dataDir,
      logger: silentLogger,
      repo: storage.repo,
    };
    const files = circuitFilesFor(context, circuit.zkeyHash, circuit);
    const { proofSystem } = openGroth16Proofs(context, files, {
      hashPool: pool,
      treeStorage: (key) => fileSlotTreeStorage(join(storage.dataDir, `${key}.tree`)),
    });
    try {
      expect(await proofSystem.readiness()).toEqual({ ready: true });
    } finally {
      await proofSystem.close();
      pool.close();
      storage.dispose();
    }
  });

  it('on a chain finds the files by zkeyHash in the data folder unless a folder is given, with the download URL', () => {
    const hash = 'ab'.repeat(32);
    expect(circuitFilesFor({ dataDir: '/data', circuits: { url: 'http://127.0.0.1:1/keys' } }, hash)).toEqual({
      dir: join('/data', 'circuits', hash),
      zkeyHash: hash,
      origin: 'data-folder',
      url: `http://127.0.0.1:1/keys/${hash}`,
    });
    expect(circuitFilesFor({ dataDir: '/data', circuits: { dir: '/srv/c', dirFrom: 'settings' } }, hash)).toEqual({
      dir: '/srv/c',
      zkeyHash: hash,
      origin: 'settings',
    });
  });
});
