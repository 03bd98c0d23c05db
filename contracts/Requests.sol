// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// The storage request and its slots, in the field order of Codex's Marketplace ABI: the order is
// part of the request id, so it must never change.

/// keccak256 of the ABI-encoded Request.
type RequestId is bytes32;
/// keccak256(abi.encode(requestId, slotIndex)).
type SlotId is bytes32;

struct Ask {
  uint256 proofProbability;
  uint256 pricePerBytePerSecond;
  uint256 collateralPerByte;
  uint64 slots;
  uint64 slotSize;
  /// Seconds, counted from the request's creation.
  uint64 duration;
  uint64 maxSlotLoss;
}

struct Content {
  bytes cid;
  /// Little-endian root over the slot roots.
  bytes32 merkleRoot;
}

struct Request {
  address client;
  Ask ask;
  Content content;
  /// Seconds after creation; the absolute time is requestExpiry().
  uint64 expiry;
  bytes32 nonce;
}

/// What getActiveSlot returns: one tuple holding the request and the slot's index.
struct ActiveSlot {
  Request request;
  uint64 slotIndex;
}

enum RequestState {
  New,
  Started,
  Cancelled,
  Finished,
  Failed
}

enum SlotState {
  Free,
  Filled,
  Finished,
  Failed,
  Paid,
  Cancelled,
  Repair
}

/// Ids and the per-slot amounts derived from an ask.
library Requests {
  function idOf(Request calldata request) internal pure returns (RequestId) {
    return RequestId.wrap(keccak256(abi.encode(request)));
  }

  function slotIdOf(RequestId requestId, uint64 slotIndex) internal pure returns (SlotId) {
    return SlotId.wrap(keccak256(abi.encode(requestId, slotIndex)));
  }

  /// Tokens one slot earns per second.
  function pricePerSlotPerSecond(Ask storage ask) internal view returns (uint256) {
    return ask.pricePerBytePerSecond * ask.slotSize;
  }

  /// Collateral one slot asks of its host.
  function collateralPerSlot(Ask storage ask) internal view returns (uint256) {
    return ask.collateralPerByte * ask.slotSize;
  }

  /// What the client deposits: every slot paid for the whole duration.
  function maxPrice(Ask calldata ask) internal pure returns (uint256) {
    return uint256(ask.slots) * ask.duration * ask.pricePerBytePerSecond * ask.slotSize;
  }
}
