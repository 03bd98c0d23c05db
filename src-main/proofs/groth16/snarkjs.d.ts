// The part of snarkjs 0.7.6 Slotkeeper calls; the package ships no types.
declare module 'snarkjs' {
  type Logger = {
    debug(msg: string): void;
    info(msg: string): void;
    warn(msg: string): void;
    error(msg: string): void;
  };
  type FileRef = string | { type: 'mem'; data?: Uint8Array };
  interface SnarkjsProofJson {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }
  interface Curve {
    terminate(): Promise<void>;
  }

  export const wtns: {
    calculate(input: unknown, wasm: FileRef, output: FileRef, options?: Record<string, unknown>): Promise<void>;
  };
  export const groth16: {
    prove(
      zkey: FileRef,
      witness: FileRef,
      logger?: Logger,
      options?: { singleThread?: boolean },
    ): Promise<{ proof: SnarkjsProofJson; publicSignals: string[] }>;
    fullProve(
      input: unknown,
      wasm: FileRef,
      zkey: FileRef,
      logger?: Logger,
      wtnsCalcOptions?: Record<string, unknown>,
      proverOptions?: { singleThread?: boolean },
    ): Promise<{ proof: SnarkjsProofJson; publicSignals: string[] }>;
    verify(vk: unknown, publicSignals: readonly unknown[], proof: unknown, logger?: Logger): Promise<boolean>;
  };
  export const powersOfTau: {
    newAccumulator(curve: Curve, power: number, file: string, logger?: Logger): Promise<unknown>;
    contribute(oldFile: string, newFile: string, name: string, entropy: string, logger?: Logger): Promise<unknown>;
    beacon(
      oldFile: string,
      newFile: string,
      name: string,
      beaconHash: string,
      numIterationsExp: number,
      logger?: Logger,
    ): Promise<unknown>;
    preparePhase2(oldFile: string, newFile: string, logger?: Logger): Promise<unknown>;
  };
  export const zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: Logger): Promise<unknown>;
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: Logger): Promise<unknown>;
    beacon(
      oldZkey: string,
      newZkey: string,
      name: string,
      beaconHash: string,
      numIterationsExp: number,
      logger?: Logger,
    ): Promise<unknown>;
    exportVerificationKey(zkey: string, logger?: Logger): Promise<Record<string, unknown>>;
  };
  export const curves: {
    getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<Curve>;
  };
}
