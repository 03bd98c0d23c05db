// The Vite plugin that ships the devnet circuit: built (or read from .cache) at build time and
// emitted as out/main/devnet-circuit/, where ../devnet/devnet-circuit.ts finds it at run time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { DEVNET_CIRCUIT_FOLDER, DEVNET_MANIFEST, DEVNET_SHIPPED_FILES } from '../devnet/manifest.js';
import { buildDevnetCircuit } from './devnet-circuit-build.js';

/** The plugin; `projectRoot` holds `.cache/`. */
export function devnetCircuitAssets(projectRoot: string): Plugin {
  return {
    name: 'slotkeeper:devnet-circuit',
    async generateBundle() {
      const dir = await buildDevnetCircuit(projectRoot);
      for (const name of [...DEVNET_SHIPPED_FILES, DEVNET_MANIFEST])
        this.emitFile({
          type: 'asset',
          fileName: `${DEVNET_CIRCUIT_FOLDER}/${name}`,
          source: new Uint8Array(readFileSync(join(dir, name))),
        });
    },
  };
}
