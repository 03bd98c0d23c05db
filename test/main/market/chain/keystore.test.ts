// The host's key: a 0600 private-key file as Codex takes it, or an encrypted JSON keystore created
// or imported with a password from a file or the environment. No message ever carries a secret.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createKeystore,
  importKeystore,
  loadPrivateKeyFile,
  openKeystore,
  resolvePassword,
} from '../../../../src-main/market/chain/keystore';

const KEY = '0x' + '3c'.repeat(32);
const PASSWORD = 'correct horse battery';
const FAST = { scryptN: 1024 };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slotkeeper-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string, mode = 0o600) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
};
const messageOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('a private-key file', () => {
  it('holds 0x and 64 hex digits, with or without a trailing newline', () => {
    expect(loadPrivateKeyFile(file('a.key', KEY)).privateKey).toBe(KEY);
    expect(loadPrivateKeyFile(file('b.key', KEY + '\n')).privateKey).toBe(KEY);
  });

  it('is refused when others can read it, or when it holds anything else — and the message never shows the key', () => {
    const open = file('open.key', KEY, 0o644);
    expect(messageOf(() => loadPrivateKeyFile(open))).toBe(
      `--eth-private-key ${open} can be read by others (mode 0644); run chmod 600 ${open}`,
    );
    for (const [name, text] of [
      ['short.key', KEY.slice(0, -2)],
      ['bare.key', KEY.slice(2)],
      ['two.key', KEY + '\n\n'],
      ['zero.key', '0x' + '00'.repeat(32)],
    ] as const) {
      const message = messageOf(() => loadPrivateKeyFile(file(name, text)));
      expect(message).toMatch(/--eth-private-key .* (must hold 0x|does not hold a valid)/);
      expect(message).not.toContain('3c3c');
    }
    expect(messageOf(() => loadPrivateKeyFile(join(dir, 'missing.key')))).toMatch(/no such file/);
  });
});

describe('the keystore', () => {
  it('is created with a password, owner-only, and opens with the same password', async () => {
    const path = join(dir, 'wallet.json');
    const address = await createKeystore(path, PASSWORD, FAST);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toContain(PASSWORD);
    expect((await openKeystore(path, PASSWORD)).address.toLowerCase()).toBe(address);
  });

  it('imports an existing key, and never overwrites a keystore', async () => {
    const path = join(dir, 'wallet.json');
    await importKeystore(path, KEY, PASSWORD, FAST);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(KEY.slice(2));
    expect((await openKeystore(path, PASSWORD)).privateKey).toBe(KEY);
    await expect(importKeystore(path, KEY, PASSWORD, FAST)).rejects.toThrow(/exists already/);
    await expect(importKeystore(join(dir, 'w2.json'), KEY, 'short', FAST)).rejects.toThrow(/at least 8 characters/);
  });

  it('says "wrong password" without repeating it, and names a file that is no keystore', async () => {
    const path = join(dir, 'wallet.json');
    await importKeystore(path, KEY, PASSWORD, FAST);
    const wrong = await openKeystore(path, 'guess-guess').catch((e: Error) => e.message);
    expect(wrong).toBe(`could not open the wallet ${path}: wrong password`);
    const junk = file('junk.json', '{"hello":1}');
    await expect(openKeystore(junk, PASSWORD)).rejects.toThrow(/is not an encrypted JSON wallet/);
  });

  it('takes its password from --wallet-password-file (owner-only) or SLOTKEEPER_WALLET_PASSWORD', () => {
    expect(resolvePassword(file('pw', PASSWORD + '\n'), {})).toBe(PASSWORD);
    expect(resolvePassword(undefined, { SLOTKEEPER_WALLET_PASSWORD: PASSWORD })).toBe(PASSWORD);
    expect(resolvePassword(undefined, {})).toBeUndefined();
    const open = file('pw-open', PASSWORD, 0o640);
    const message = messageOf(() => resolvePassword(open, {}));
    expect(message).toMatch(/can be read by others/);
    expect(message).not.toContain(PASSWORD);
  });
});
