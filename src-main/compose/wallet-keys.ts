// The host's key writer behind wallet.create and wallet.import: the same keystore the CLI's wallet
// command writes (market/chain/keystore.ts), always DATA/wallet.json, never over an existing file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiFailure } from '../api/errors';
import type { WalletKeys } from '../api/sources';
import { createKeystore, importKeystore, KEYSTORE_FILE, WalletError, type KeystoreOptions } from '../market/index';

/** Writes keys into `dataDir`'s keystore; `options` lets tests use a cheap scrypt. */
export function dataFolderWalletKeys(dataDir: string, options: KeystoreOptions = {}): WalletKeys {
  const keystore = join(dataDir, KEYSTORE_FILE);

  async function write(make: () => Promise<string>): Promise<{ address: string; keystore: string }> {
    if (existsSync(keystore)) {
      throw new ApiFailure(
        'conflict',
        `The host has a wallet already (${keystore}); it was not overwritten. Move it away first if you mean to replace it.`,
      );
    }
    try {
      return { address: await make(), keystore };
    } catch (error) {
      // The keystore's own refusals name no secret; anything else (a full disk) stays as it is.
      if (error instanceof WalletError) throw new ApiFailure('invalid-argument', `${error.message}.`);
      throw error;
    }
  }

  return {
    create: (password) => write(() => createKeystore(keystore, password, options)),
    import: (privateKey, password) => write(() => importKeystore(keystore, privateKey, password, options)),
  };
}
