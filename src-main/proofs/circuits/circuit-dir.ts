// The operator's circuit folder (--circuit-dir, or Settings) checked before it is used, with the
// same checks a proof relies on, so a wrong folder is one clear message at start (or in the form),
// not a failed proof an hour later.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { CIRCUIT_FILE_NAMES, circuitFilesIn, CODEX_PUBLIC_INPUT_COUNT } from './files';
import { checkCircuitFiles } from './validate';

/** The folder, absolute, or what is wrong with it. */
export type CircuitDirCheck =
  { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly message: string };

const NAMES = Object.values(CIRCUIT_FILE_NAMES).join(', ');

/** Checks that `dir` is a folder holding a usable proof_main.wasm, proof_main.zkey and verification key. */
export async function checkCircuitDir(dir: string): Promise<CircuitDirCheck> {
  const absolute = resolve(dir);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) return { ok: false, message: `the folder ${absolute} does not exist; it must hold ${NAMES}` };
  if (!info.isDirectory())
    return { ok: false, message: `${absolute} is not a folder; it must be one holding ${NAMES}` };
  const check = await checkCircuitFiles(circuitFilesIn(absolute), CODEX_PUBLIC_INPUT_COUNT);
  if (check.ok) return { ok: true, dir: absolute };
  if (!('file' in check))
    return {
      ok: false,
      message: `the folder ${absolute} lacks ${check.missing.map((f) => basename(f)).join(', ')}; it must hold ${NAMES}`,
    };
  return { ok: false, message: `in ${absolute}, ${basename(check.file)} is not usable: ${check.reason}` };
}
