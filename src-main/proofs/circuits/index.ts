// Codex's circuit files for a market: found by the marketplace's zkeyHash, downloaded on demand
// with resume and a SHA-256 check, unpacked safely, or taken from the operator's --circuit-dir.
export {
  archiveUrl,
  CIRCUIT_FILE_NAMES,
  circuitFilesIn,
  circuitsRoot,
  CODEX_PUBLIC_INPUT_COUNT,
  DEFAULT_CIRCUIT_BASE_URL,
  isZkeyHash,
} from './files';
export type { CircuitProblem, CircuitProblemCode } from './problems';
export { checkCircuitFiles, type CircuitFilesCheck } from './validate';
export { installedCircuitDir, locateCircuit, type CircuitLocation, type LocateCircuitOptions } from './locate';
export { ensureCircuit, type CircuitDownloadLimits, type CircuitProgress, type EnsureCircuitOptions } from './ensure';
