// A circuit archive as Codex publishes one (proof_main.* in a tar.gz, named by its SHA-256), made
// from a built circuit folder, with random bulk so a download takes several reads.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tarGz } from './tar-writer';

/** The archive and its zkeyHash. */
export async function circuitArchive(
  dir: string,
  bulkBytes = 512 * 1024,
): Promise<{ archive: Buffer; zkeyHash: string }> {
  const names = ['proof_main.wasm', 'proof_main.zkey', 'proof_main_verification_key.json'];
  const items = await Promise.all(
    names.map(async (name) => ({ name: `./${name}`, data: await readFile(join(dir, name)) })),
  );
  const archive = tarGz([...items, { name: './proof_main.bin', data: randomBytes(bulkBytes) }]);
  return { archive, zkeyHash: createHash('sha256').update(archive).digest('hex') };
}
