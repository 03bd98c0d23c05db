// The proof flags of the headless command line (names as Codex's own): --circuit-dir, the folder
// holding the market's circuit files, and --circuit-url, where archives are downloaded from. The
// folder is checked at start like a proof would use it, so a wrong one is one line and exit 2.
import { z } from 'zod';
import { checkCircuitDir, DEFAULT_CIRCUIT_BASE_URL } from '../proofs/circuits';

/** The flags, for node:util parseArgs. */
export const PROOF_FLAGS = {
  'circuit-dir': { type: 'string' },
  'circuit-url': { type: 'string' },
} as const;

/** Their lines in --help. */
export const PROOF_USAGE = `  --circuit-dir DIR      the market's circuit files (proof_main.wasm, proof_main.zkey,
                         proof_main_verification_key.json), never downloaded; default: found by
                         the marketplace's zkeyHash in DATA/circuits/, downloaded when missing
  --circuit-url URL      where circuit archives are downloaded from, followed by the zkeyHash
                         (default ${DEFAULT_CIRCUIT_BASE_URL})`;

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** Their schemas, spread into the command line's. */
export const proofOptionsShape = {
  circuitDir: z.string().min(1, '--circuit-dir must name a folder').optional(),
  circuitUrl: z
    .string()
    .refine(isHttpUrl, `--circuit-url must be an http(s) URL, for example --circuit-url ${DEFAULT_CIRCUIT_BASE_URL}`)
    .optional(),
};

/** The parsed flag values under the schema's names. */
export function proofFlagValues(values: { readonly 'circuit-dir'?: string; readonly 'circuit-url'?: string }) {
  return { circuitDir: values['circuit-dir'], circuitUrl: values['circuit-url'] };
}

/** What the engine gets: the folder made absolute and checked. */
export interface CircuitFlags {
  readonly dir?: string;
  readonly url?: string;
}

/** Checks the folder on disk; the one line to print (exit 2) when it is not usable. */
export async function resolveProofFlags(options: {
  readonly circuitDir?: string;
  readonly circuitUrl?: string;
}): Promise<{ ok: true; circuits: CircuitFlags } | { ok: false; message: string }> {
  const url = options.circuitUrl !== undefined ? { url: options.circuitUrl } : {};
  if (options.circuitDir === undefined) return { ok: true, circuits: url };
  const checked = await checkCircuitDir(options.circuitDir);
  if (!checked.ok) return { ok: false, message: `--circuit-dir ${options.circuitDir}: ${checked.message}` };
  return { ok: true, circuits: { dir: checked.dir, ...url } };
}
