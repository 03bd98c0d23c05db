// Codex's proof system for markets whose verifier checks Groth16 proofs (the devnet, a chain):
// the slot trees and the circuit input are CodexStatementProofSystem's, the circuit statement is
// checked on that input first (a proof of data we do not hold, or for another slot or dataset,
// is an error here, never a transaction), then snarkjs proves it in its worker. The proof is the
// contract's Groth16Proof struct as src-main/market/chain/proof.ts sends it.
import type {
  DatasetRoots,
  ProofChallenge,
  ProofPurpose,
  ProofReadiness,
  ProofSystem,
  ProvableSlot,
  StorageRequest,
} from '../../engine/index';
import type { CircuitInput, Groth16Files, Groth16Proof, Groth16Prover, ProvePhase } from '../groth16';
import { CodexStatementProofSystem, type CodexStatementOptions } from './codex-statement-proof-system';
import { checkCircuitStatement, type StatementFailure } from './statement/check-statement';
import type { StatementHasher } from './statement/statement-hasher';
import { marketPublicInputs } from './statement/statement-proof';

/** The scheme of the proofs the chain adapter sends (src-main/market/chain/proof.ts). */
export const GROTH16_SCHEME = 'groth16';

/** Where a Groth16 proof's time went, in milliseconds. */
export interface Groth16ProofTimings {
  /** Reading the sampled blocks and building the circuit input. */
  readonly inputMs: number;
  /** Checking the circuit statement on that input. */
  readonly checkMs: number;
  /** snarkjs: witness, proof and local verification (worker start included), as the prover measured them. */
  readonly witnessMs: number;
  readonly proveMs: number;
  readonly verifyMs: number;
  /** From the challenge to the checked proof: what a sale's history records as the proof's build time. */
  readonly totalMs: number;
}

/** A Groth16 proof in the contract's struct, with what it cost to make. */
export interface CodexGroth16Proof extends Groth16Proof {
  readonly scheme: typeof GROTH16_SCHEME;
  readonly timings: Groth16ProofTimings;
}

/** The circuit files as the proof system needs them: readiness for the engine, files for a proof. */
export interface CircuitFilesSource {
  readiness(): Promise<ProofReadiness>;
  /** The checked files; throws with the reason when they are not usable. */
  files(): Promise<Groth16Files>;
  onChange?(listener: () => void): () => void;
}

/** What the Groth16 proof system is made of. */
export interface CodexGroth16Options extends CodexStatementOptions {
  /** The snarkjs prover (one worker, cancellable). */
  readonly prover: Pick<Groth16Prover, 'prove'>;
  /** The market's circuit files (MarketCircuit). */
  readonly circuit: CircuitFilesSource;
  /** Hashes for the statement check (default the BigInt reference; wasm on this thread is ≈8× faster). */
  readonly statementHasher?: StatementHasher;
  /** Told of the prover's phases (witness, proving, verifying). */
  readonly onPhase?: (slot: ProvableSlot, phase: ProvePhase) => void;
  /** Run by close(): stops what the system's maker started (a download, the prover's worker). */
  readonly onClose?: () => Promise<void>;
}

/** The input of a proof failed the circuit's statement: the proof would be refused (or worse, accepted for data we do not hold). */
export class ProofSelfCheckError extends Error {
  override readonly name = 'ProofSelfCheckError';
  constructor(
    readonly slotIndex: bigint,
    readonly failure: StatementFailure,
  ) {
    super(
      `The proof of slot ${slotIndex} was not made: its circuit input fails the storage statement (${failure.check}: ${failure.message}).`,
    );
  }
}

/** Codex slot trees and circuit inputs, proved with Groth16 for a market's verifier contract. */
export class CodexGroth16ProofSystem implements ProofSystem {
  readonly scheme = GROTH16_SCHEME;
  readonly #statement: CodexStatementProofSystem;
  readonly #options: CodexGroth16Options;

  constructor(options: CodexGroth16Options) {
    this.#options = options;
    this.#statement = new CodexStatementProofSystem(options);
  }

  /** Ready once the Poseidon2 module loads and the market's circuit files are usable. */
  async readiness(): Promise<ProofReadiness> {
    const hashing = await this.#statement.readiness();
    if (!hashing.ready) return hashing;
    return this.#options.circuit.readiness();
  }

  onReadinessChange(listener: () => void): () => void {
    return this.#options.circuit.onChange?.(listener) ?? (() => {});
  }

  checkDataset(request: StorageRequest, dataset: DatasetRoots): Promise<void> {
    return this.#statement.checkDataset(request, dataset);
  }

  verifySlot(slot: ProvableSlot, dataset: DatasetRoots, signal: AbortSignal): Promise<void> {
    return this.#statement.verifySlot(slot, dataset, signal);
  }

  forget(dataKey: string): Promise<void> {
    return this.#statement.forget(dataKey);
  }

  async prove(
    slot: ProvableSlot,
    challenge: ProofChallenge,
    signal: AbortSignal,
    purpose: ProofPurpose = 'held',
  ): Promise<CodexGroth16Proof> {
    const started = performance.now();
    // The public inputs as the contract derives them, not as the input says.
    const expected = marketPublicInputs(challenge, slot.request.content.merkleRoot, slot.slotIndex);
    if (!expected)
      throw new Error(
        `Slot ${slot.slotIndex} cannot be proven: the challenge ${challenge} or the request's merkleRoot ${slot.request.content.merkleRoot} is not a 32-byte field element`,
      );
    const files = await this.#options.circuit.files();
    const { input } = await this.#statement.prove(slot, challenge, signal, purpose);
    const built = performance.now();
    const checked = checkCircuitStatement(input, expected, this.#options.statementHasher);
    if (!checked.ok) throw new ProofSelfCheckError(slot.slotIndex, checked.failure);
    const verified = performance.now();
    signal.throwIfAborted();
    const onPhase = this.#options.onPhase;
    const result = await this.#options.prover.prove(
      input as unknown as CircuitInput,
      files,
      signal,
      onPhase ? (phase) => onPhase(slot, phase) : undefined,
      purpose,
    );
    const { a, b, c } = result.proof;
    return {
      scheme: GROTH16_SCHEME,
      a,
      b,
      c,
      timings: {
        inputMs: built - started,
        checkMs: verified - built,
        witnessMs: result.timings.witnessMs,
        proveMs: result.timings.proveMs,
        verifyMs: result.timings.verifyMs,
        totalMs: performance.now() - started,
      },
    };
  }

  /** Stops a circuit download and the prover's worker, if this system's maker gave it them to own. */
  async close(): Promise<void> {
    await this.#options.onClose?.();
  }

  /** All eight coordinates zero, as nim-codex submits for --simulate-proof-failures: every verifier refuses it. */
  invalidProof(): CodexGroth16Proof {
    const zero = { x: 0n, y: 0n };
    const zero2 = { x: { real: 0n, imag: 0n }, y: { real: 0n, imag: 0n } };
    const none = { inputMs: 0, checkMs: 0, witnessMs: 0, proveMs: 0, verifyMs: 0, totalMs: 0 };
    return { scheme: GROTH16_SCHEME, a: zero, b: zero2, c: zero, timings: none };
  }
}
