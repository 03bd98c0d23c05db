// The devnet's accounts: deterministic, publicly known keys (never use them on a real chain).
import { keccak256, toUtf8Bytes, Wallet } from 'ethers';
import type { Address } from '../../engine/index';

/** A funded devnet account. */
export interface DevnetAccount {
  readonly address: Address;
  readonly privateKey: string;
}

/** Account `index` of the devnet: the same key on every start. */
export function devnetAccount(index: number): DevnetAccount {
  const privateKey = keccak256(toUtf8Bytes(`slotkeeper devnet account ${index}`));
  return { address: new Wallet(privateKey).address.toLowerCase(), privateKey };
}
