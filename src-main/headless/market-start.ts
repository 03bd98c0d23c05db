// Turning the validated market flags into what the host runs: the market choice for the engine,
// or a wallet command (create or import the encrypted keystore) that prints the address and exits.
// Passwords come from --wallet-password-file or SLOTKEEPER_WALLET_PASSWORD and are never printed.
import { readFileSync } from 'node:fs';
import type { MarketChoice } from '../compose/backends';
import { createKeystore, importKeystore, loadPrivateKeyFile, PASSWORD_ENV, resolvePassword } from '../market/index';
import type { HeadlessOptions } from './cli';
import { defaultKeystorePath, type WalletCommand } from './market-cli';

/** The engine's market choice for the options. */
export function marketChoice(options: HeadlessOptions): MarketChoice {
  const selection = options.selection;
  switch (selection.kind) {
    case 'sim':
      return {
        kind: 'sim',
        seed: options.simSeed,
        speed: options.simSpeed,
        rate: options.simRate,
        competitors: options.simCompetitors,
      };
    case 'devnet':
      return { kind: 'devnet', rate: selection.rate, competitors: selection.competitors };
    case 'chain':
      return { kind: 'chain', options: selection.chain, env: process.env, network: options.network };
  }
}

/** Runs a wallet command; resolves with the line to print, rejects with one line. */
export async function runWalletCommand(
  command: WalletCommand,
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const password = resolvePassword(command.passwordFile, env);
  if (password === undefined) {
    throw new Error(`the keystore needs a password: --wallet-password-file FILE (mode 0600) or ${PASSWORD_ENV}`);
  }
  if (command.kind === 'create') {
    const address = await createKeystore(command.file, password);
    return `Created the wallet ${command.file} for address ${address}. Back it up with its password; fund the address with gas and tokens.`;
  }
  // The key file is checked like --eth-private-key (mode 0600, 0x + 64 hex digits) before it is read.
  loadPrivateKeyFile(command.keyFile);
  const key = readFileSync(command.keyFile, 'utf8').replace(/\r?\n$/, '');
  const file = command.file ?? defaultKeystorePath(dataDir);
  const address = await importKeystore(file, key, password);
  return `Imported the key of address ${address} into the wallet ${file}. You may delete ${command.keyFile} now.`;
}
