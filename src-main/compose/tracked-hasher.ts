// The hashing pool with a count of jobs in flight, for the same reason as tracked-repo.ts: a
// devnet clock jump (and a test's manual clock) must wait for the engine's and the simulated
// clients' hashing between timers, or chain time would run ahead of a slot still being onboarded
// or a proof still being built.
import type { BlockHasher } from '../proofs/codex/index';

/** A BlockHasher wrapper that knows whether hashing is pending. */
export interface TrackedHasher {
  hasher: BlockHasher;
  inFlight(): number;
}

/** Wraps `hasher`, counting its jobs; every call is delegated with its priority. */
export function trackHasher(hasher: BlockHasher): TrackedHasher {
  let inFlight = 0;
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight++;
    return work.finally(() => inFlight--);
  };
  return {
    hasher: {
      blockRoots: (blocks, signal, priority) => track(hasher.blockRoots(blocks, signal, priority)),
      blockTree: (block, signal, priority) => track(hasher.blockTree(block, signal, priority)),
      treeLayers: (leaves, signal, priority) => track(hasher.treeLayers(leaves, signal, priority)),
    },
    inFlight: () => inFlight,
  };
}
