// The node's libp2p identity, kept as Codex keeps it: <data dir>/key holds the libp2p protobuf
// private key {1: KeyType secp256k1 (2), 2: 32 raw bytes}, readable by its owner only. Codex is
// built with secp256k1 as its only key scheme, so any other key could never handshake with it.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrivateKey } from '@libp2p/interface';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import { NetworkError } from '../errors';

/** The key file's name inside the data folder, as Codex names it. */
export const KEY_FILE = 'key';

async function readKey(path: string): Promise<PrivateKey> {
  if (process.platform !== 'win32') {
    const mode = (await stat(path)).mode & 0o777;
    if ((mode & 0o077) !== 0)
      throw new NetworkError(
        'invalid-identity',
        `${path} is readable by others (mode ${mode.toString(8).padStart(4, '0')}); run: chmod 600 ${path}`,
      );
  }
  let key: PrivateKey;
  try {
    key = privateKeyFromProtobuf(await readFile(path));
  } catch (error) {
    throw new NetworkError(
      'invalid-identity',
      `${path} does not hold a libp2p private key (${(error as Error).message}); move it away to create a new identity`,
    );
  }
  if (key.type !== 'secp256k1')
    throw new NetworkError(
      'invalid-identity',
      `${path} holds a ${key.type} key; Codex peers accept only secp256k1 identities, so move it away to create one`,
    );
  return key;
}

/**
 * Loads the node's key from `dataDir`, or creates one (mode 0600) on first start. Throws
 * NetworkError('invalid-identity') for a key file others can read, a foreign key type or garbage.
 */
export async function loadOrCreateIdentity(dataDir: string): Promise<PrivateKey> {
  const path = join(dataDir, KEY_FILE);
  try {
    return await readKey(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const key = await generateKeyPair('secp256k1');
  // Written aside and linked into place, so a crash never leaves a half-written key behind and two
  // starting processes cannot both create one.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
  try {
    await file.chmod(0o600);
    await file.writeFile(privateKeyToProtobuf(key));
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKey(path);
  } finally {
    await unlink(temp);
  }
  return key;
}
