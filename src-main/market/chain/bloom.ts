// A block header's logsBloom says which addresses may have logged in it (false positives only): a
// block whose bloom lacks the Marketplace's address needs no eth_getLogs.
import { getBytes, keccak256 } from 'ethers';

/** False when the 2048-bit bloom certainly does not hold `value` (an address or a topic). */
export function bloomMayContain(bloom: string, value: string): boolean {
  const bits = getBytes(bloom);
  if (bits.length !== 256) return true;
  const hash = getBytes(keccak256(value));
  for (let i = 0; i < 6; i += 2) {
    const bit = ((hash[i]! << 8) | hash[i + 1]!) & 2047;
    if ((bits[255 - (bit >> 3)]! & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}
