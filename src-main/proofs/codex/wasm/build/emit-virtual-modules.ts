// Writes the Poseidon2 virtual modules (vite-plugin.ts) as plain ES module files, so code run by
// plain Node outside Vite (benchmarks, the crash test's child process; test/fakes/node-ts-hooks.mjs)
// loads the same wasm and hashing worker the app's build embeds.
//   node --experimental-transform-types --import ./test/fakes/node-ts-hooks.mjs emit-virtual-modules.ts OUT_DIR
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODEX_VIRTUAL_MODULES, codexVirtualModuleSource } from './vite-plugin';

const projectRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const [outDir] = process.argv.slice(2);
if (!outDir) throw new Error('usage: emit-virtual-modules.ts OUT_DIR');
mkdirSync(outDir, { recursive: true });
for (const id of CODEX_VIRTUAL_MODULES) {
  const source = await codexVirtualModuleSource(id, projectRoot);
  if (source === undefined) throw new Error(`no source for ${id}`);
  const file = join(outDir, `${id.replace(/[^a-z0-9-]/gi, '-')}.mjs`);
  // Renamed into place, so a concurrent reader never sees half a module.
  writeFileSync(`${file}.${process.pid}.tmp`, source);
  renameSync(`${file}.${process.pid}.tmp`, file);
}
