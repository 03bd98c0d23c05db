// Finds a market's circuit files: the operator's --circuit-dir when given, else the folder of the
// marketplace's zkeyHash under DATA/circuits/. Every "no" says what the operator must do.
import { basename, join } from 'node:path';
import type { Groth16Files } from '../groth16';
import { CIRCUIT_FILE_NAMES, circuitFilesIn, circuitsRoot, CODEX_PUBLIC_INPUT_COUNT, isZkeyHash } from './files';
import type { CircuitProblem } from './problems';
import { checkCircuitFiles } from './validate';

/** Which circuit a market needs, and where the operator may have put it. */
export interface LocateCircuitOptions {
  /** Slotkeeper's data directory (DATA). */
  readonly dataDir: string;
  /** The marketplace's `configuration().proofs.zkeyHash`. */
  readonly zkeyHash: string;
  /** --circuit-dir (or Settings): use the files there and never download. */
  readonly circuitDir?: string;
  /** Public inputs the circuit must have (default 3: entropy, dataSetRoot, slotIndex). */
  readonly nPublic?: number;
}

/** Usable circuit files, or the problem that stops selling on this market. */
export type CircuitLocation =
  | {
      readonly ok: true;
      readonly files: Groth16Files;
      readonly dir: string;
      /** 'circuit-dir': the operator's folder; 'data-dir': DATA/circuits/<zkeyHash>. */
      readonly source: 'circuit-dir' | 'data-dir';
    }
  | { readonly ok: false; readonly problem: CircuitProblem };

const ALL_FILES = Object.values(CIRCUIT_FILE_NAMES).join(', ');

/** The folder DATA/circuits/<zkeyHash>. */
export function installedCircuitDir(dataDir: string, zkeyHash: string): string {
  return join(circuitsRoot(dataDir), zkeyHash);
}

/** Looks for the circuit files without downloading anything. */
export async function locateCircuit(options: LocateCircuitOptions): Promise<CircuitLocation> {
  const nPublic = options.nPublic ?? CODEX_PUBLIC_INPUT_COUNT;
  const hash = options.zkeyHash;
  if (options.circuitDir !== undefined) {
    const dir = options.circuitDir;
    const files = circuitFilesIn(dir);
    const check = await checkCircuitFiles(files, nPublic);
    if (check.ok) return { ok: true, files, dir, source: 'circuit-dir' };
    if (!('file' in check))
      return problem(
        'missing',
        `The circuit folder ${dir} (--circuit-dir) lacks ${check.missing.map((f) => basename(f)).join(', ')}. Put this marketplace's ${ALL_FILES} there (its zkeyHash is ${hash}), or start without --circuit-dir to download them.`,
      );
    return problem(
      'invalid',
      `In the circuit folder ${dir} (--circuit-dir), ${basename(check.file)} is not usable: ${check.reason}. Replace the folder's files with this marketplace's ${ALL_FILES} (zkeyHash ${hash}).`,
    );
  }
  if (!isZkeyHash(hash))
    return problem(
      'bad-zkey-hash',
      `The marketplace's zkeyHash ${JSON.stringify(hash.slice(0, 80))} is not a SHA-256 in hex, so its circuit can be neither found nor downloaded. Check the marketplace address, or pass the circuit files with --circuit-dir.`,
    );
  const dir = installedCircuitDir(options.dataDir, hash);
  const files = circuitFilesIn(dir);
  const check = await checkCircuitFiles(files, nPublic);
  if (check.ok) return { ok: true, files, dir, source: 'data-dir' };
  if (!('file' in check))
    return problem(
      'missing',
      `The circuit of this marketplace (zkeyHash ${hash}) is not installed in ${dir}. Let Slotkeeper download it, or pass its ${ALL_FILES} with --circuit-dir.`,
    );
  return problem(
    'invalid',
    `The installed circuit in ${dir} is damaged: ${basename(check.file)}: ${check.reason}. Delete that folder so it is downloaded again, or pass the files with --circuit-dir.`,
  );
}

function problem(code: CircuitProblem['code'], message: string): CircuitLocation {
  return { ok: false, problem: { code, message } };
}
