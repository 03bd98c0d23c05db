import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { Wallet } from 'ethers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dataFolderWalletKeys } from '../../../../src-main/compose/wallet-keys';
import WalletKeyCard from '../../../../src-renderer/components/settings/WalletKeyCard.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { startApp, stopApps } from '../../helpers/app';

afterEach(stopApps);

const PASSWORD = 'correct horse battery';
const KEY = '0x' + '4c'.repeat(32);
const field = (name: string) =>
  screen.getAllByTestId(TestId.WalletKeyField).find((f) => f.dataset.field === name) as HTMLInputElement;
const problems = () =>
  Object.fromEntries(screen.queryAllByTestId(TestId.WalletKeyProblem).map((p) => [p.dataset.field, p.textContent]));
const mode = (name: string) =>
  screen.getAllByTestId(TestId.WalletKeyMode).find((m) => m.dataset.mode === name) as HTMLInputElement;

/**
 * The dashboard over a host that writes keys into a real temp data folder (cheap scrypt). Under
 * jsdom, Node's Buffer is not the window's Uint8Array, which trips ethers' mnemonic path in
 * Wallet.createRandom; so here a new key is a random one imported (test/main/api covers create itself).
 */
async function start() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sk-wallet-ui-'));
  const keys = dataFolderWalletKeys(dataDir, { scryptN: 1024 });
  const walletKeys = {
    ...keys,
    create: (password: string) => keys.import(`0x${randomBytes(32).toString('hex')}`, password),
  };
  const app = await startApp(undefined, { walletKeys });
  render(WalletKeyCard, { context: app.context });
  return { app, keystore: join(dataDir, 'wallet.json') };
}

async function type(name: string, value: string) {
  await fireEvent.input(field(name), { target: { value } });
}

describe('WalletKeyCard', () => {
  it('creates a key on the host and shows its address; the password fields are cleared', async () => {
    const { keystore } = await start();
    expect(field('password').type).toBe('password');
    expect(field('password').autocomplete).toBe('new-password');
    await type('password', PASSWORD);
    await type('confirm', PASSWORD);
    await fireEvent.click(screen.getByTestId(TestId.WalletKeySubmit));
    await vi.waitFor(() => expect(screen.getByTestId(TestId.WalletKeyResult).textContent).toContain('next start'));
    const opened = await Wallet.fromEncryptedJson(readFileSync(keystore, 'utf8'), PASSWORD);
    expect(screen.getByTestId(TestId.WalletKeyResult).textContent).toContain(opened.address.toLowerCase());
    expect(screen.getByTestId(TestId.WalletKeyResult).textContent).toContain(keystore);
    expect(field('password').value).toBe('');
    expect(field('confirm').value).toBe('');
  });

  it('imports a pasted private key (without 0x) and points the saved chain keystore at it', async () => {
    const { app, keystore } = await start();
    app.backend.settings.value = {
      ...app.backend.settings.value,
      chain: { rpcUrl: 'http://127.0.0.1:8545', marketplace: '0x' + '11'.repeat(20), keystore: '/old/wallet.json' },
    };
    await fireEvent.click(mode('import'));
    expect(field('privateKey').type).toBe('password');
    await type('privateKey', ` ${KEY.slice(2)}\n`);
    await type('password', PASSWORD);
    await type('confirm', PASSWORD);
    await fireEvent.click(screen.getByTestId(TestId.WalletKeySubmit));
    const address = new Wallet(KEY).address.toLowerCase();
    await vi.waitFor(() => expect(screen.getByTestId(TestId.WalletKeyResult).textContent).toContain(address));
    expect(screen.getByTestId(TestId.WalletKeyResult).textContent).toContain('now points to it');
    expect(app.backend.settings.value.chain?.keystore).toBe(keystore);
    expect(field('privateKey').value).toBe('');
  });

  it('says in the form what is wrong and asks the host nothing', async () => {
    const { app, keystore } = await start();
    await fireEvent.click(mode('import'));
    await type('privateKey', '0x1234');
    await type('password', 'short');
    await fireEvent.click(screen.getByTestId(TestId.WalletKeySubmit));
    expect(problems()).toEqual({
      privateKey: 'The private key must be 0x followed by 64 hex digits.',
      password: 'The password must have at least 8 characters.',
    });
    await type('privateKey', KEY);
    await type('password', PASSWORD);
    await type('confirm', PASSWORD + '!');
    await fireEvent.click(screen.getByTestId(TestId.WalletKeySubmit));
    expect(problems()).toEqual({ confirm: 'The two passwords differ: type the same one twice.' });
    expect(app.backend.calls.filter((c) => c.startsWith('wallet.'))).toEqual([]);
    expect(() => readFileSync(keystore)).toThrow();
  });

  it('shows the host’s refusal when a wallet exists already, and the old file stays', async () => {
    const { keystore } = await start();
    writeFileSync(keystore, '{"old":true}', { mode: 0o600 });
    await type('password', PASSWORD);
    await type('confirm', PASSWORD);
    await fireEvent.click(screen.getByTestId(TestId.WalletKeySubmit));
    await vi.waitFor(() =>
      expect(screen.getByTestId(TestId.WalletKeyError).textContent).toMatch(/has a wallet already.*not overwritten/),
    );
    expect(screen.queryByTestId(TestId.WalletKeyResult)).toBeNull();
    expect(readFileSync(keystore, 'utf8')).toBe('{"old":true}');
  });
});
