// Unpacks a verified circuit archive into a temporary folder beside its final place, keeps only the
// three files a prover needs (other entries are read and dropped), checks them, and renames the
// folder into place: a circuit folder is either complete and checked, or absent.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { CIRCUIT_FILE_NAMES, circuitFilesIn } from './files';
import { CircuitFault } from './problems';
import { readTar, TarError, type TarLimits, type TarSink } from './ustar';
import { checkCircuitFiles } from './validate';

const WANTED = new Set<string>(Object.values(CIRCUIT_FILE_NAMES));

async function fileSink(path: string): Promise<TarSink> {
  const handle = await open(path, 'wx');
  return {
    write: async (chunk) => {
      await handle.write(chunk);
    },
    close: async () => {
      await handle.sync();
      await handle.close();
    },
  };
}

async function unpack(archive: string, into: string, limits: TarLimits): Promise<void> {
  const kept = new Set<string>();
  try {
    await pipeline(createReadStream(archive), createGunzip(), async (decompressed: AsyncIterable<Uint8Array>) => {
      await readTar(decompressed, limits, async (entry) => {
        if (entry.type !== 'file' || !WANTED.has(entry.name)) return undefined;
        if (kept.has(entry.name)) throw new TarError(`the archive holds ${entry.name} twice`);
        kept.add(entry.name);
        return fileSink(join(into, entry.name));
      });
    });
  } catch (e) {
    if (e instanceof TarError) throw new CircuitFault(e.tooLarge ? 'too-large' : 'bad-archive', badArchive(e.message));
    if ((e as NodeJS.ErrnoException).code?.startsWith('Z_'))
      throw new CircuitFault('bad-archive', badArchive('it is not gzip'));
    throw e;
  }
  const missing = [...WANTED].filter((name) => !kept.has(name));
  if (missing.length > 0) throw new CircuitFault('bad-archive', badArchive(`it lacks ${missing.join(', ')}`));
}

function badArchive(why: string): string {
  return `The circuit archive was not installed: ${why}. Check the circuit download URL, or put the circuit files in a folder and pass it with --circuit-dir.`;
}

/**
 * Installs the circuit files of the gzip'd tar `archive` as the folder `target` (which must not
 * exist yet), checking them for `nPublic` public inputs. Throws CircuitFault when the archive is
 * unsafe, incomplete or its files are wrong; then nothing is left behind.
 */
export async function installArchive(
  archive: string,
  target: string,
  limits: TarLimits,
  nPublic: number,
): Promise<void> {
  const tmp = join(dirname(target), `.tmp-${basename(target)}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp, { recursive: true });
  try {
    await unpack(archive, tmp, limits);
    const check = await checkCircuitFiles(circuitFilesIn(tmp), nPublic);
    if (!check.ok) {
      const why = 'file' in check ? `its ${basename(check.file)}: ${check.reason}` : 'files are missing';
      throw new CircuitFault('bad-archive', badArchive(why));
    }
    await rename(tmp, target);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
