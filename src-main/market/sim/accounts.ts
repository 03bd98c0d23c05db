// Deterministic addresses for the simulated actors, derived from the chain seed and a role.
import { concat, keccak256, toBeHex, toUtf8Bytes } from 'ethers';
import type { Address } from '../../engine/index';

/** The address of actor `index` of `role` ('host', 'client', 'competitor', 'validator'). */
export function actorAddress(chainSeed: string, role: string, index = 0): Address {
  return '0x' + keccak256(concat([chainSeed, toUtf8Bytes(role), toBeHex(index, 32)])).slice(-40);
}

/** How many simulated client accounts exist; their requests' content is served. */
export const CLIENT_COUNT = 8;
