// Backups of a data folder: every database, copied online with SQLite's backup API (consistent
// while the host keeps writing), and the wallet keystores, in one archive with a manifest of
// sizes and SHA-256 hashes. Slot data is not in it: it is large, and the market's clients can
// serve it again. Restoring checks the whole archive first and moves the current files aside.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { BackupArchiveError, ENTRY_NAME, extractArchive, writeArchive } from './backup-archive';
import { databaseFiles, databaseProblem, SALES_DB } from './integrity';

/** Version of the archive layout this Slotkeeper writes and reads. */
export const BACKUP_VERSION = 1;

const manifestSchema = z.object({
  format: z.literal('slotkeeper-backup'),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.iso.datetime(),
  files: z.array(
    z.object({
      name: z.string().regex(ENTRY_NAME),
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});

/** What a backup holds. */
export type BackupManifest = z.infer<typeof manifestSchema>;

/**
 * The keys kept in the data folder: wallet keystores (the chain market's) and the node's libp2p
 * identity `key` (the peer id our slots are announced under; a new one would orphan them).
 */
export const KEY_FILE = /^(wallet[A-Za-z0-9._-]*\.json|key)$/;

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** Copies one database as of one instant: every page in a single step of the backup API. */
async function copyDatabase(file: string, target: string): Promise<void> {
  const db = new Database(file, { fileMustExist: true, timeout: 5_000 });
  try {
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
}

/** Writes a backup of `dataDir` to `target` while the host may be running; returns its manifest. */
export async function createBackup(dataDir: string, target: string): Promise<BackupManifest> {
  if (!existsSync(join(dataDir, SALES_DB))) {
    throw new Error(`${dataDir} holds no sales database (${SALES_DB}): there is nothing to back up.`);
  }
  const staging = await mkdtemp(join(dirname(target), '.slotkeeper-backup-'));
  try {
    const names = databaseFiles(dataDir);
    // All copies start together, so the databases agree with each other as closely as they can.
    await Promise.all(names.map((name) => copyDatabase(join(dataDir, name), join(staging, name))));
    const wallets = readdirSync(dataDir).filter((name) => KEY_FILE.test(name));
    for (const name of wallets) await copyFile(join(dataDir, name), join(staging, name));
    const files = await Promise.all(
      [...names, ...wallets].map(async (name) => {
        const path = join(staging, name);
        return { name, size: statSync(path).size, sha256: await sha256(path) };
      }),
    );
    const manifest: BackupManifest = {
      format: 'slotkeeper-backup',
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      files,
    };
    await writeArchive(
      target,
      JSON.stringify(manifest, null, 2) + '\n',
      files.map((f) => ({ name: f.name, source: join(staging, f.name) })),
    );
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Unpacks the backup at `file` into the empty folder `dir` and checks all of it: the manifest, each
 * file's size and SHA-256, and SQLite's quick_check of each database. Throws BackupArchiveError
 * saying what is wrong; on success `dir` holds exactly the manifest's files.
 */
export async function unpackBackup(file: string, dir: string): Promise<BackupManifest> {
  const { manifest: text, entries } = await extractArchive(file, dir);
  let manifest: BackupManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new BackupArchiveError(
      `its manifest is not one this Slotkeeper reads (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const held = new Map(entries.map((e) => [e.name, e]));
  for (const expected of manifest.files) {
    const entry = held.get(expected.name);
    if (!entry) throw new BackupArchiveError(`${expected.name} is listed in the manifest but missing`);
    if (entry.size !== expected.size || entry.sha256 !== expected.sha256) {
      throw new BackupArchiveError(
        `${expected.name} does not match its SHA-256 in the manifest: the backup is damaged`,
      );
    }
    held.delete(expected.name);
    if (expected.name.endsWith('.sqlite')) {
      const problem = databaseProblem(join(dir, expected.name));
      if (problem) throw new BackupArchiveError(`${expected.name} in it is damaged (${problem})`);
    }
  }
  if (held.size > 0)
    throw new BackupArchiveError(`it holds files its manifest does not list: ${[...held.keys()].join(', ')}`);
  if (!manifest.files.some((f) => f.name === SALES_DB)) throw new BackupArchiveError(`it holds no ${SALES_DB}`);
  return manifest;
}
