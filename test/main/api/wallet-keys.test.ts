import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, type RunningApi } from '../../../src-main/api/service';
import { dataFolderWalletKeys } from '../../../src-main/compose/wallet-keys';
import { SettingsFile } from '../../../src-main/storage/settings-file';
import { FakeSalesSource } from '../../fakes/sales-source';

const PASSWORD = 'correct horse battery';
const KEY = '0x' + '4c'.repeat(32);
const chain = {
  rpcUrl: 'http://127.0.0.1:8545',
  marketplace: '0x' + '11'.repeat(20),
  keystore: '/elsewhere/old-wallet.json',
};

let api: RunningApi | undefined;
afterEach(() => api?.close());

/** The api over a real data folder and its real settings file, with a cheap scrypt. */
function start(options: { chainSaved?: boolean } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sk-wallet-'));
  const settings = new SettingsFile(dataDir);
  if (options.chainSaved) settings.update({ chain });
  api = createApi({
    host: 'headless',
    version: '1.0.0',
    source: new FakeSalesSource(),
    settings,
    walletKeys: dataFolderWalletKeys(dataDir, { scryptN: 1024 }),
    tickIntervalMs: 60_000,
  });
  return { api, dataDir, keystore: join(dataDir, 'wallet.json') };
}

async function opened(path: string, password: string): Promise<string> {
  return (await Wallet.fromEncryptedJson(readFileSync(path, 'utf8'), password)).address.toLowerCase();
}

describe('wallet.create and wallet.import', () => {
  it('creates a key in DATA/wallet.json, owner-only, that opens with the password to the answered address', async () => {
    const { api, keystore } = start();
    const result = await api.invoke('wallet.create', { password: PASSWORD });
    expect(result.ok).toBe(true);
    const value = (result as { value: Record<string, unknown> }).value;
    expect(value).toMatchObject({ keystore, savedInSettings: false });
    expect(value.address).toMatch(/^0x[0-9a-f]{40}$/);
    expect(String(value.note)).toMatch(/next start/);
    if (process.platform !== 'win32') expect(statSync(keystore).mode & 0o777).toBe(0o600);
    expect(await opened(keystore, PASSWORD)).toBe(value.address);
    await expect(Wallet.fromEncryptedJson(readFileSync(keystore, 'utf8'), 'wrong password')).rejects.toThrow();
  });

  it('imports a private key, points the saved chain keystore at it, and echoes no secret', async () => {
    const { api, dataDir, keystore } = start({ chainSaved: true });
    const result = await api.invoke('wallet.import', { privateKey: KEY, password: PASSWORD });
    const address = new Wallet(KEY).address.toLowerCase();
    expect(result).toEqual({
      ok: true,
      value: { address, keystore, savedInSettings: true, note: expect.stringMatching(/next start/) },
    });
    expect(JSON.stringify(result)).not.toContain(KEY.slice(2));
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(await opened(keystore, PASSWORD)).toBe(address);
    // The next start reads the keystore path from the settings file.
    expect(new SettingsFile(dataDir).get().chain).toEqual({ ...chain, keystore });
  });

  it('refuses a malformed key or a short password, naming neither, and writes nothing', async () => {
    const { api, dataDir } = start({ chainSaved: true });
    const bad = [
      ['wallet.import', { privateKey: '0x1234', password: PASSWORD }, /privateKey: the private key must be 0x/],
      ['wallet.import', { privateKey: KEY, password: 'short' }, /at least 8 characters/],
      ['wallet.create', { password: 'short' }, /at least 8 characters/],
      // 64 hex digits, but zero is no secp256k1 key: the keystore itself refuses it.
      ['wallet.import', { privateKey: '0x' + '0'.repeat(64), password: PASSWORD }, /not a valid secp256k1/],
    ] as const;
    for (const [name, args, message] of bad) {
      const result = await api.invoke(name, args);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument', message } });
      const text = JSON.stringify(result);
      expect(text).not.toContain(args.password);
      if ('privateKey' in args) expect(text).not.toContain(args.privateKey);
    }
    expect(readdirSync(dataDir).filter((f) => f.startsWith('wallet'))).toEqual([]);
    expect(new SettingsFile(dataDir).get().chain).toEqual(chain);
  });

  it('never overwrites an existing keystore: the old file stays byte for byte', async () => {
    const { api, keystore } = start();
    writeFileSync(keystore, '{"an":"old keystore"}', { mode: 0o600 });
    for (const [name, args] of [
      ['wallet.create', { password: PASSWORD }],
      ['wallet.import', { privateKey: KEY, password: PASSWORD }],
    ] as const) {
      const result = await api.invoke(name, args);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: /wallet already.*not overwritten/ },
      });
    }
    expect(readFileSync(keystore, 'utf8')).toBe('{"an":"old keystore"}');
  });

  it('answers unavailable on a host that cannot write keys', async () => {
    api = createApi({
      host: 'headless',
      version: '1',
      source: new FakeSalesSource(),
      settings: new SettingsFile(mkdtempSync(join(tmpdir(), 'sk-wallet-'))),
      tickIntervalMs: 60_000,
    });
    const result = await api.invoke('wallet.create', { password: PASSWORD });
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
