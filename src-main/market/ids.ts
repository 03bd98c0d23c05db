// Request and slot ids exactly as the Marketplace contract computes them (docs/reference/marketplace.md §1.1), so ids, REST
// payloads and fixtures are interchangeable between the simulator and a real chain.
import { AbiCoder, concat, keccak256, toBeHex, zeroPadValue } from 'ethers';
import type { RequestId, SlotId, StorageRequest } from '../engine/index';

/** The ABI type of the whole Request struct, encoded as one tuple. */
export const REQUEST_ABI_TYPE =
  'tuple(address,tuple(uint256,uint256,uint256,uint64,uint64,uint64,uint64),tuple(bytes,bytes32),uint64,bytes32)';

/** abi.encode(request), as the contract hashes it. */
export function encodeRequest(request: StorageRequest): string {
  const { client, ask, content, expiry, nonce } = request;
  return AbiCoder.defaultAbiCoder().encode(
    [REQUEST_ABI_TYPE],
    [
      [
        client,
        [
          ask.proofProbability,
          ask.pricePerBytePerSecond,
          ask.collateralPerByte,
          ask.slots,
          ask.slotSize,
          ask.duration,
          ask.maxSlotLoss,
        ],
        [content.cid, content.merkleRoot],
        expiry,
        nonce,
      ],
    ],
  );
}

/** RequestId = keccak256(abi.encode(request)). */
export function requestIdOf(request: StorageRequest): RequestId {
  return keccak256(encodeRequest(request));
}

/** SlotId = keccak256(abi.encode(bytes32 requestId, uint64 slotIndex)): two 32-byte words. */
export function slotIdOf(requestId: RequestId, slotIndex: bigint): SlotId {
  return keccak256(concat([zeroPadValue(requestId, 32), toBeHex(slotIndex, 32)]));
}
