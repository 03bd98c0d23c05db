// Periods, pointer, challenge and proof requirement (docs/reference/marketplace.md §2). blockhash is replaced by a seeded
// hash of the block number, so challenges are reproducible for a given chain seed; everything else
// follows Proofs.sol, including the pointer that makes a challenge stable until it wraps.
import { concat, keccak256, toBeHex, toUtf8Bytes } from 'ethers';
import type { Period, ProofChallenge, Seconds, SlotId } from '../../engine/index';

/** period = floor(timestamp / secondsPerPeriod). */
export function periodOf(t: Seconds, period: Seconds): Period {
  return Math.floor(t / period);
}

/** Timestamp at which period p ends (= start of p + 1). */
export function periodEnd(p: Period, period: Seconds): Seconds {
  return (p + 1) * period;
}

/** pointer = (block mod 256 + period × downtimeProduct mod 256 + slotId mod 256) mod 256. */
export function pointerOf(slotId: SlotId, p: Period, blockNumber: number, downtimeProduct: number): number {
  const idOffset = Number(BigInt(slotId) & 0xffn);
  return ((blockNumber % 256) + ((p * downtimeProduct) % 256) + idOffset) % 256;
}

/** The simulated blockhash(n): keccak256(chainSeed ‖ n). */
export function blockHash(chainSeed: string, blockNumber: number): string {
  return keccak256(concat([chainSeed, toBeHex(blockNumber, 32)]));
}

/** challenge = keccak256(abi.encode(blockhash(block − 1 − pointer))). */
export function challengeAt(chainSeed: string, blockNumber: number, pointer: number): ProofChallenge {
  return keccak256(blockHash(chainSeed, blockNumber - 1 - pointer));
}

/** slotProbability = proofProbability × (256 − downtime) / 256, integer division. */
export function slotProbability(proofProbability: bigint, downtime: number): bigint {
  return (proofProbability * BigInt(256 - downtime)) / 256n;
}

/** required = probability == 0 or uint256(challenge) mod probability == 0. */
export function challengeRequiresProof(challenge: ProofChallenge, probability: bigint): boolean {
  return probability === 0n || BigInt(challenge) % probability === 0n;
}

/** A 32-byte chain seed from the simulator's seed option. */
export function chainSeedOf(seed: number | string): string {
  return typeof seed === 'number' ? keccak256(toBeHex(BigInt(seed), 32)) : keccak256(toUtf8Bytes(seed));
}
