// The names a built devnet circuit is shipped under, shared by the build (../build/) and the app.

/** The folder beside the main bundle (out/main/devnet-circuit/). */
export const DEVNET_CIRCUIT_FOLDER = 'devnet-circuit';

/** The file that describes a built devnet circuit (and is written last). */
export const DEVNET_MANIFEST = 'devnet-circuit.json';

/** The circuit files shipped beside the manifest (Codex's names: the folder is a circuit dir). */
export const DEVNET_SHIPPED_FILES = ['proof_main.wasm', 'proof_main.zkey', 'proof_main_verification_key.json'];

/** What the manifest says. */
export interface DevnetCircuitManifest {
  /** The SHA-256 of proof_main.zkey: the devnet Marketplace's proofs.zkeyHash. */
  readonly zkeyHash: string;
  /** The hash naming the build (source, tools, setup size). */
  readonly buildKey: string;
}

/** The manifest in `text`, or undefined when it is not one. */
export function parseDevnetManifest(text: string): DevnetCircuitManifest | undefined {
  try {
    const value = JSON.parse(text) as Partial<DevnetCircuitManifest>;
    if (
      typeof value.zkeyHash === 'string' &&
      /^[0-9a-f]{64}$/.test(value.zkeyHash) &&
      typeof value.buildKey === 'string'
    )
      return { zkeyHash: value.zkeyHash, buildKey: value.buildKey };
  } catch {
    // Not JSON: not a manifest.
  }
  return undefined;
}
