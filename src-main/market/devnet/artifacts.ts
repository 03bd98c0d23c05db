// Where the devnet's compiled contracts come from. The app build writes them next to the main
// bundle (out/main/contracts.json, see electron.vite.config.ts), so a start never loads the
// compiler; in a source checkout whose contracts/ changed since that build, they are compiled again
// (cached by source hash under .cache/solc).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileContracts, type CompiledContracts, sourceHashOf } from './compile';

/** The file name of the precompiled contracts in the main build's output folder. */
export const PRECOMPILED_NAME = 'contracts.json';

/** The nearest folder at or above `start` holding a package.json: the repo, or the packaged app. */
export function appRoot(start = import.meta.dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${start}`);
  }
}

/** Where to look. */
export interface ContractsLocation {
  /** The app root (default: found from this file). */
  readonly root?: string;
  /** The compile cache (default `<root>/.cache/solc`). */
  readonly cacheDir?: string;
}

/** The devnet's contracts: precompiled when they match the sources (or no sources ship), else compiled. */
export function loadContracts(location: ContractsLocation = {}): CompiledContracts {
  const root = location.root ?? appRoot();
  const sources = join(root, 'contracts');
  const precompiled = [join(root, 'out', 'main', PRECOMPILED_NAME), join(import.meta.dirname, PRECOMPILED_NAME)].find(
    (p) => existsSync(p),
  );
  const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as CompiledContracts;
  if (!existsSync(sources)) {
    if (precompiled) return read(precompiled);
    throw new Error(`Neither contract sources (${sources}) nor precompiled contracts were found.`);
  }
  if (precompiled) {
    const built = read(precompiled);
    if (built.sourceHash === sourceHashOf(sources)) return built;
  }
  return compileContracts(sources, location.cacheDir ?? join(root, '.cache', 'solc'));
}
