// The host's key: in an encrypted JSON keystore (ethers' scrypt format) in the data folder, created
// or imported with a password, or as Codex takes it, a --eth-private-key file holding 0x and 64 hex
// digits, refused unless only its owner can read it. Neither the key nor the password ever appears
// in an error or a log line: messages name the file, never its contents.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { encryptKeystoreJson, isKeystoreJson, Wallet } from 'ethers';
import { writeFileAtomic } from './atomic-file';

/** The key could not be loaded; the message says what to do and holds no secret. */
export class WalletError extends Error {
  override readonly name = 'WalletError';
}

/** The environment variable holding the keystore's password. */
export const PASSWORD_ENV = 'SLOTKEEPER_WALLET_PASSWORD';
/** The keystore's file name in the data folder. */
export const KEYSTORE_FILE = 'wallet.json';
const KEY = /^0x[0-9a-fA-F]{64}$/;

/** Refuses a secret file others could read (POSIX permissions only; Windows has ACLs instead). */
function requireOwnerOnly(path: string, flag: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new WalletError(`${flag} ${path}: no such file`);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new WalletError(
      `${flag} ${path} can be read by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${path}`,
    );
  }
}

/** Loads a private-key file: `0x` + 64 hex digits, a trailing newline allowed, mode 0600. */
export function loadPrivateKeyFile(path: string): Wallet {
  requireOwnerOnly(path, '--eth-private-key');
  const text = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  if (!KEY.test(text)) throw new WalletError(`--eth-private-key ${path} must hold 0x followed by 64 hex digits`);
  try {
    return new Wallet(text);
  } catch {
    throw new WalletError(`--eth-private-key ${path} does not hold a valid secp256k1 private key`);
  }
}

/** The password from --wallet-password-file, else from SLOTKEEPER_WALLET_PASSWORD; undefined when neither is given. */
export function resolvePassword(
  passwordFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (passwordFile !== undefined) {
    requireOwnerOnly(passwordFile, '--wallet-password-file');
    return readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
  }
  return env[PASSWORD_ENV];
}

/** Opens an encrypted JSON keystore with its password. */
export async function openKeystore(path: string, password: string): Promise<Wallet> {
  if (!existsSync(path)) throw new WalletError(`--wallet ${path}: no such file`);
  const json = readFileSync(path, 'utf8');
  if (!isKeystoreJson(json)) throw new WalletError(`--wallet ${path} is not an encrypted JSON wallet`);
  try {
    const wallet = await Wallet.fromEncryptedJson(json, password);
    return new Wallet(wallet.privateKey);
  } catch {
    throw new WalletError(`could not open the wallet ${path}: wrong password`);
  }
}

/** How hard the keystore's scrypt is: ethers' default (2^17) unless a test asks for less. */
export interface KeystoreOptions {
  readonly scryptN?: number;
}

async function writeKeystore(
  path: string,
  wallet: { address: string; privateKey: string },
  password: string,
  options: KeystoreOptions,
): Promise<string> {
  if (existsSync(path)) throw new WalletError(`${path} exists already; it was not overwritten`);
  if (password.length < 8) throw new WalletError('the wallet password must have at least 8 characters');
  const json = await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, password, {
    scrypt: { N: options.scryptN ?? 131_072 },
  });
  writeFileAtomic(path, json);
  return wallet.address.toLowerCase();
}

/** Creates a new key in an encrypted keystore at `path`; returns its address. */
export function createKeystore(path: string, password: string, options: KeystoreOptions = {}): Promise<string> {
  return writeKeystore(path, Wallet.createRandom(), password, options);
}

/** Imports an existing private key (0x + 64 hex digits) into an encrypted keystore at `path`; returns its address. */
export function importKeystore(
  path: string,
  privateKey: string,
  password: string,
  options: KeystoreOptions = {},
): Promise<string> {
  if (!KEY.test(privateKey)) throw new WalletError('the private key to import must be 0x followed by 64 hex digits');
  let wallet: Wallet;
  try {
    wallet = new Wallet(privateKey);
  } catch {
    throw new WalletError('the private key to import is not a valid secp256k1 private key');
  }
  return writeKeystore(path, wallet, password, options);
}
