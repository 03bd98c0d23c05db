// The Poseidon2 hashing pool of a test file: two workers, started on first use and shared by every
// simulator and proof system the file builds (as the app shares its one pool). Idle workers do not
// keep the process alive, so a file need not close it.
import { HashPool } from '../../src-main/proofs/codex/index';

let pool: HashPool | undefined;

/** This test file's pool. */
export function testHasher(): HashPool {
  pool ??= new HashPool({ size: 2 });
  return pool;
}
