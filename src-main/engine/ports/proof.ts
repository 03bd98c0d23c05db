// What a proof is to the engine and the Market port: opaque. Only the proof system that made it and
// the market's verifier look inside (engine/ports/proof-system.ts).

/** A proof as the market accepts it. The engine never looks inside; `scheme` names the system that made it. */
export interface Proof {
  readonly scheme: string;
}
