// Groth16 proofs as Codex's Marketplace contract takes them (docs/groth16.md): every coordinate is a
// bigint, G2 coordinates are Fp2 elements written real + i·imag.

/** BN254 scalar field modulus r: public inputs and witness values are below it. */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** BN254 base field modulus q: curve point coordinates are below it. */
export const BN254_BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** Codex's public inputs in the order the circuit declares them and the Marketplace passes them. */
export const CODEX_PUBLIC_INPUTS = ['entropy', 'dataSetRoot', 'slotIndex'] as const;

/** A point of G1 in affine coordinates. */
export interface G1Point {
  readonly x: bigint;
  readonly y: bigint;
}

/** An element of Fp2, real + i·imag. */
export interface Fp2Element {
  readonly real: bigint;
  readonly imag: bigint;
}

/** A point of G2 in affine coordinates. */
export interface G2Point {
  readonly x: Fp2Element;
  readonly y: Fp2Element;
}

/** The contract's Groth16Proof struct: ((a.x,a.y),((b.x.real,b.x.imag),(b.y.real,b.y.imag)),(c.x,c.y)). */
export interface Groth16Proof {
  readonly a: G1Point;
  readonly b: G2Point;
  readonly c: G1Point;
}

/** One value of a circuit input: a field element (decimal string, safe integer or bigint) or an array of them. */
export type CircuitValue = string | number | bigint | readonly CircuitValue[];

/** A circuit's input JSON: signal name → value (Codex's shape: entropy, dataSetRoot, slotIndex, slotRoot, …). */
export type CircuitInput = Readonly<Record<string, CircuitValue>>;

/** The three files snarkjs proves with, as absolute paths. */
export interface Groth16Files {
  /** The witness generator (proof_main.wasm). */
  readonly wasm: string;
  /** The proving key (proof_main.zkey). */
  readonly zkey: string;
  /** The verification key JSON (proof_main_verification_key.json). */
  readonly verificationKey: string;
}

/** Where a proof's time went, in milliseconds. */
export interface ProofTimings {
  /** Computing the witness from the input (the circuit's constraints are checked here). */
  readonly witnessMs: number;
  /** The Groth16 prover proper. */
  readonly proveMs: number;
  /** Checking the proof with the verification key. */
  readonly verifyMs: number;
  /** From handing the job to the worker to the checked result, worker start included. */
  readonly totalMs: number;
}

/** A proof that passed local verification, with the public signals it proves. */
export interface ProveResult {
  readonly proof: Groth16Proof;
  /** The circuit's public signals in declaration order (for Codex: entropy, dataSetRoot, slotIndex). */
  readonly publicSignals: readonly bigint[];
  readonly timings: ProofTimings;
}

/** What the worker is doing, reported as it goes (for the slot detail and for tests). */
export type ProvePhase = 'witness' | 'proving' | 'verifying';
