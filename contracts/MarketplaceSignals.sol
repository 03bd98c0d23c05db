// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ask, RequestId} from "./Requests.sol";

/// The Marketplace's own errors (none has arguments) and events, as Codex's ABI names them.
abstract contract MarketplaceSignals {
  error Marketplace_RepairRewardPercentageTooHigh();
  error Marketplace_SlashPercentageTooHigh();
  error Marketplace_MaximumSlashingTooHigh();
  error Marketplace_InvalidExpiry();
  error Marketplace_InvalidMaxSlotLoss();
  error Marketplace_InsufficientSlots();
  error Marketplace_InsufficientDuration();
  error Marketplace_InsufficientProofProbability();
  error Marketplace_InsufficientCollateral();
  error Marketplace_InsufficientReward();
  error Marketplace_InvalidClientAddress();
  error Marketplace_RequestAlreadyExists();
  error Marketplace_InvalidSlot();
  error Marketplace_InvalidCid();
  error Marketplace_SlotNotFree();
  error Marketplace_InvalidSlotHost();
  error Marketplace_AlreadyPaid();
  error Marketplace_TransferFailed();
  error Marketplace_UnknownRequest();
  error Marketplace_InvalidState();
  error Marketplace_StartNotBeforeExpiry();
  error Marketplace_SlotNotAcceptingProofs();
  error Marketplace_ProofNotSubmittedByHost();
  error Marketplace_SlotIsFree();
  error Marketplace_ReservationRequired();
  error Marketplace_NothingToWithdraw();
  error Marketplace_DurationExceedsLimit();

  /// `expiry` is the absolute expiresAt.
  event StorageRequested(RequestId requestId, Ask ask, uint64 expiry);
  event RequestFulfilled(RequestId indexed requestId);
  event RequestFailed(RequestId indexed requestId);
  event SlotFilled(RequestId indexed requestId, uint64 slotIndex);
  /// Only for forced frees (missed proofs, or a host abandoning a filled slot).
  event SlotFreed(RequestId indexed requestId, uint64 slotIndex);
  /// Only from the client's withdrawFunds.
  event RequestCancelled(RequestId indexed requestId);
}
