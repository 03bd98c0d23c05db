// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketplaceConfig} from "./Configuration.sol";
import {MarketplaceSignals} from "./MarketplaceSignals.sol";
import {Endian} from "./Endian.sol";
import {Groth16Proof, IGroth16Verifier} from "./Groth16.sol";
import {Period} from "./Periods.sol";
import {Proofs} from "./Proofs.sol";
import {ActiveSlot, Ask, Request, RequestId, RequestState, Requests, SlotId, SlotState} from "./Requests.sol";
import {SlotReservations} from "./SlotReservations.sol";
import {SlotStates} from "./SlotStates.sol";
import {StateRetrieval} from "./StateRetrieval.sol";
import {IERC20} from "./token/IERC20.sol";

/// Slotkeeper's Marketplace for its devnet: the ABI, state derivation and money rules of Codex's
/// Marketplace (codex-contracts-eth a179deb), written from its specification. Clients deposit the
/// whole price of a request; hosts reserve slots, fill them with collateral and an initial proof,
/// prove them while the request runs, and free them for their payout. Time-based states are
/// derived from block.timestamp in the views and stored only when someone transacts.
contract Marketplace is MarketplaceSignals, SlotReservations, Proofs, StateRetrieval, Endian {
  using Requests for Ask;

  /// What the contract tracks about a request besides the request itself.
  struct RequestContext {
    RequestState state;
    uint64 slotsFilled;
    uint64 endsAt;
    uint64 expiresAt;
    /// Starts at maxPrice; each fill takes its slot's pay up to endsAt, each forced free gives it back.
    uint256 fundsToReturnToClient;
  }

  struct Slot {
    address host;
    uint64 filledAt;
    SlotState state;
    RequestId requestId;
    uint64 slotIndex;
    /// The full collateralPerSlot at fill, less every slash since.
    uint256 currentCollateral;
  }

  IERC20 private immutable _token;
  MarketplaceConfig private _config;
  mapping(RequestId => Request) private _requests;
  mapping(RequestId => RequestContext) private _contexts;
  mapping(SlotId => Slot) private _slots;

  constructor(
    MarketplaceConfig memory config,
    IERC20 token_,
    IGroth16Verifier verifier
  ) SlotReservations(config.reservations) Proofs(config.proofs, verifier) {
    _token = token_;
    if (config.collateral.repairRewardPercentage > 100) revert Marketplace_RepairRewardPercentageTooHigh();
    if (config.collateral.slashPercentage > 100) revert Marketplace_SlashPercentageTooHigh();
    // uint8 arithmetic, as in Codex's contract: a product above 255 panics (0x11) instead.
    if (config.collateral.maxNumberOfSlashes * config.collateral.slashPercentage > 100) {
      revert Marketplace_MaximumSlashingTooHigh();
    }
    _config = config;
  }

  modifier requestIsKnown(RequestId requestId) {
    if (_requests[requestId].client == address(0)) revert Marketplace_UnknownRequest();
    _;
  }

  modifier slotIsNotFree(SlotId slotId) {
    if (_slots[slotId].state == SlotState.Free) revert Marketplace_SlotIsFree();
    _;
  }

  function configuration() public view returns (MarketplaceConfig memory) {
    return _config;
  }

  function token() public view returns (IERC20) {
    return _token;
  }

  // ---------------------------------------------------------------- clients

  function requestStorage(Request calldata request) public {
    RequestId id = Requests.idOf(request);
    Ask calldata ask = request.ask;
    if (request.client != msg.sender) revert Marketplace_InvalidClientAddress();
    if (_requests[id].client != address(0)) revert Marketplace_RequestAlreadyExists();
    if (request.expiry == 0 || request.expiry >= ask.duration) revert Marketplace_InvalidExpiry();
    if (ask.slots == 0) revert Marketplace_InsufficientSlots();
    if (ask.maxSlotLoss > ask.slots) revert Marketplace_InvalidMaxSlotLoss();
    if (ask.duration == 0) revert Marketplace_InsufficientDuration();
    if (ask.proofProbability == 0) revert Marketplace_InsufficientProofProbability();
    if (ask.collateralPerByte == 0) revert Marketplace_InsufficientCollateral();
    if (ask.pricePerBytePerSecond == 0) revert Marketplace_InsufficientReward();
    if (request.content.cid.length == 0) revert Marketplace_InvalidCid();
    if (ask.duration > _config.requestDurationLimit) revert Marketplace_DurationExceedsLimit();

    _requests[id] = request;
    RequestContext storage context = _contexts[id];
    uint64 now_ = uint64(block.timestamp);
    context.endsAt = now_ + ask.duration;
    context.expiresAt = now_ + request.expiry;
    uint256 price = Requests.maxPrice(ask);
    context.fundsToReturnToClient = price;
    _addToMyRequests(msg.sender, id);
    _pull(msg.sender, price);
    emit StorageRequested(id, ask, context.expiresAt);
  }

  function withdrawFunds(RequestId requestId) public {
    withdrawFunds(requestId, msg.sender);
  }

  /// The client takes back what an ended request owes it, once.
  function withdrawFunds(RequestId requestId, address withdrawRecipient) public requestIsKnown(requestId) {
    Request storage request = _requests[requestId];
    RequestContext storage context = _contexts[requestId];
    if (request.client != msg.sender) revert Marketplace_InvalidClientAddress();
    RequestState state = requestState(requestId);
    if (state != RequestState.Cancelled && state != RequestState.Failed && state != RequestState.Finished) {
      revert Marketplace_InvalidState();
    }
    if (context.fundsToReturnToClient == 0) revert Marketplace_NothingToWithdraw();

    if (state == RequestState.Cancelled) {
      context.state = RequestState.Cancelled;
      emit RequestCancelled(requestId);
      // Fills took pay up to endsAt; a cancelled request pays its hosts only up to expiresAt.
      context.fundsToReturnToClient += context.slotsFilled * _slotPayout(requestId, context.expiresAt);
    } else if (state == RequestState.Failed) {
      // Hosts of a failed request earn nothing: the client gets everything back.
      context.fundsToReturnToClient = _requestMaxPrice(request);
    } else {
      context.state = RequestState.Finished;
    }
    _removeFromMyRequests(msg.sender, requestId);
    uint256 amount = context.fundsToReturnToClient;
    context.fundsToReturnToClient = 0;
    _pay(withdrawRecipient, amount);
  }

  // ---------------------------------------------------------------- hosts

  function fillSlot(RequestId requestId, uint64 slotIndex, Groth16Proof calldata proof) public requestIsKnown(requestId) {
    Request storage request = _requests[requestId];
    if (slotIndex >= request.ask.slots) revert Marketplace_InvalidSlot();
    SlotId slotId = Requests.slotIdOf(requestId, slotIndex);
    if (!_hasReservation(slotId, msg.sender)) revert Marketplace_ReservationRequired();

    Slot storage slot = _slots[slotId];
    // Linking the slot to its request first lets slotState see an ended request.
    slot.requestId = requestId;
    slot.slotIndex = slotIndex;
    SlotState state = slotState(slotId);
    if (state != SlotState.Free && state != SlotState.Repair) revert Marketplace_SlotNotFree();

    _submitProof(slotId, slot, request, proof);

    RequestContext storage context = _contexts[requestId];
    uint64 now_ = uint64(block.timestamp);
    slot.host = msg.sender;
    slot.filledAt = now_;
    slot.state = SlotState.Filled;
    context.slotsFilled += 1;
    context.fundsToReturnToClient -= _slotPayout(requestId, now_);

    uint256 collateral = request.ask.collateralPerSlot();
    uint256 deposit = collateral;
    if (state == SlotState.Repair) deposit -= (collateral * _config.collateral.repairRewardPercentage) / 100;
    slot.currentCollateral = collateral;
    _pull(msg.sender, deposit);
    _addToMySlots(msg.sender, slotId);
    emit SlotFilled(requestId, slotIndex);

    if (context.slotsFilled == request.ask.slots && context.state == RequestState.New) {
      context.state = RequestState.Started;
      emit RequestFulfilled(requestId);
    }
  }

  function submitProof(SlotId id, Groth16Proof calldata proof) public requestIsKnown(_slots[id].requestId) {
    Slot storage slot = _slots[id];
    if (slot.host != msg.sender) revert Marketplace_ProofNotSubmittedByHost();
    _submitProof(id, slot, _requests[slot.requestId], proof);
  }

  function freeSlot(SlotId slotId) public {
    freeSlot(slotId, msg.sender, msg.sender);
  }

  /// Pays a finished or cancelled slot, leaves a failed one, or abandons a filled one (a forced free).
  function freeSlot(
    SlotId slotId,
    address rewardRecipient,
    address collateralRecipient
  ) public slotIsNotFree(slotId) {
    Slot storage slot = _slots[slotId];
    if (slot.host != msg.sender) revert Marketplace_InvalidSlotHost();
    SlotState state = slotState(slotId);
    if (state == SlotState.Paid) revert Marketplace_AlreadyPaid();

    if (state == SlotState.Finished) {
      RequestId requestId = slot.requestId;
      _contexts[requestId].state = RequestState.Finished;
      _removeFromMyRequests(_requests[requestId].client, requestId);
      _payOut(slotId, slot, _slotPayout(requestId, slot.filledAt), rewardRecipient, collateralRecipient);
    } else if (state == SlotState.Cancelled) {
      uint64 expiresAt = _contexts[slot.requestId].expiresAt;
      _payOut(slotId, slot, _slotPayout(slot.requestId, slot.filledAt, expiresAt), rewardRecipient, collateralRecipient);
    } else if (state == SlotState.Failed) {
      _removeFromMySlots(msg.sender, slotId);
    } else if (state == SlotState.Filled) {
      _forciblyFreeSlot(slotId);
    }
  }

  // ---------------------------------------------------------------- validators

  function markProofAsMissing(SlotId slotId, Period period) public {
    if (slotState(slotId) != SlotState.Filled) revert Marketplace_SlotNotAcceptingProofs();
    _markProofMissing(slotId, period);
    Slot storage slot = _slots[slotId];
    uint256 slash = (_requests[slot.requestId].ask.collateralPerSlot() * _config.collateral.slashPercentage) / 100;
    uint256 reward = (slash * _config.collateral.validatorRewardPercentage) / 100;
    slot.currentCollateral -= slash;
    _pay(msg.sender, reward);
    if (missingProofs(slotId) >= _config.collateral.maxNumberOfSlashes) _forciblyFreeSlot(slotId);
  }

  /// Reverts unless markProofAsMissing would succeed: a revert means "no".
  function canMarkProofAsMissing(SlotId slotId, Period period) public view {
    if (slotState(slotId) != SlotState.Filled) revert Marketplace_SlotNotAcceptingProofs();
    _checkProofMissing(slotId, period);
  }

  // ---------------------------------------------------------------- views

  function getRequest(RequestId requestId) public view requestIsKnown(requestId) returns (Request memory) {
    return _requests[requestId];
  }

  function getActiveSlot(SlotId slotId) public view slotIsNotFree(slotId) returns (ActiveSlot memory) {
    Slot storage slot = _slots[slotId];
    return ActiveSlot({request: _requests[slot.requestId], slotIndex: slot.slotIndex});
  }

  function getHost(SlotId slotId) public view returns (address) {
    return _slots[slotId].host;
  }

  function currentCollateral(SlotId slotId) public view returns (uint256) {
    return _slots[slotId].currentCollateral;
  }

  function requestExpiry(RequestId requestId) public view returns (uint64) {
    return _contexts[requestId].expiresAt;
  }

  /// endsAt while running, expiresAt once cancelled, and no later than now once ended.
  function requestEnd(RequestId requestId) public view returns (uint64) {
    RequestState state = requestState(requestId);
    RequestContext storage context = _contexts[requestId];
    if (state == RequestState.New || state == RequestState.Started) return context.endsAt;
    if (state == RequestState.Cancelled) return context.expiresAt;
    uint64 now_ = uint64(block.timestamp);
    return context.endsAt < now_ ? context.endsAt : now_;
  }

  /// The stored state, overtaken by expiry (strictly after expiresAt) and by the end (after endsAt).
  function requestState(RequestId requestId) public view requestIsKnown(requestId) returns (RequestState) {
    RequestContext storage context = _contexts[requestId];
    RequestState stored = context.state;
    uint64 now_ = uint64(block.timestamp);
    if (stored == RequestState.New && now_ > context.expiresAt) return RequestState.Cancelled;
    if ((stored == RequestState.New || stored == RequestState.Started) && now_ > context.endsAt) {
      return RequestState.Finished;
    }
    return stored;
  }

  /// Free for a slot never touched; Paid before all else; then the request's end; else as stored.
  function slotState(SlotId slotId) public view override returns (SlotState) {
    Slot storage slot = _slots[slotId];
    if (RequestId.unwrap(slot.requestId) == bytes32(0)) return SlotState.Free;
    if (slot.state == SlotState.Paid) return SlotState.Paid;
    RequestState state = requestState(slot.requestId);
    if (state == RequestState.Cancelled) return SlotState.Cancelled;
    if (state == RequestState.Finished) return SlotState.Finished;
    if (state == RequestState.Failed) return SlotState.Failed;
    return slot.state;
  }

  function slotProbability(SlotId id) public view override returns (uint256) {
    uint256 probability = _requests[_slots[id].requestId].ask.proofProbability;
    return (probability * (256 - _config.proofs.downtime)) / 256;
  }

  // ---------------------------------------------------------------- internals

  function _filledAt(SlotId id) internal view override returns (uint64) {
    return _slots[id].filledAt;
  }

  /// Public inputs [challenge, merkleRoot, slotIndex]: the challenge with its last byte cleared
  /// (so it fits the field) and the root, both read little-endian.
  function _submitProof(SlotId id, Slot storage slot, Request storage request, Groth16Proof calldata proof) private {
    uint256[] memory pubSignals = new uint256[](3);
    pubSignals[0] = uint256(_byteSwap(getChallenge(id) & ~bytes32(uint256(0xff))));
    pubSignals[1] = uint256(_byteSwap(request.content.merkleRoot));
    pubSignals[2] = slot.slotIndex;
    _receiveProof(id, proof, pubSignals);
  }

  function _payOut(SlotId slotId, Slot storage slot, uint256 reward, address rewardTo, address collateralTo) private {
    uint256 collateral = slot.currentCollateral;
    _removeFromMySlots(slot.host, slotId);
    slot.state = SlotState.Paid;
    _pay(rewardTo, reward);
    _pay(collateralTo, collateral);
  }

  /// Takes a filled slot from its host: the rest of the collateral is forfeited, the reservations are
  /// cleared, and the request fails when too many slots stand empty.
  function _forciblyFreeSlot(SlotId slotId) private {
    Slot storage slot = _slots[slotId];
    RequestId requestId = slot.requestId;
    RequestContext storage context = _contexts[requestId];
    context.fundsToReturnToClient += _slotPayout(requestId, slot.filledAt);
    _removeFromMySlots(slot.host, slotId);
    _clearReservations(slotId);
    slot.state = SlotState.Repair;
    slot.filledAt = 0;
    slot.currentCollateral = 0;
    slot.host = address(0);
    context.slotsFilled -= 1;
    emit SlotFreed(requestId, slot.slotIndex);
    _resetMissingProofs(slotId);

    Ask storage ask = _requests[requestId].ask;
    if (ask.slots - context.slotsFilled > ask.maxSlotLoss && context.state == RequestState.Started) {
      context.state = RequestState.Failed;
      context.endsAt = uint64(block.timestamp) - 1;
      emit RequestFailed(requestId);
    }
  }

  function _slotPayout(RequestId requestId, uint64 from) private view returns (uint256) {
    return _slotPayout(requestId, from, _contexts[requestId].endsAt);
  }

  function _slotPayout(RequestId requestId, uint64 from, uint64 until) private view returns (uint256) {
    if (from >= until) revert Marketplace_StartNotBeforeExpiry();
    return (until - from) * _requests[requestId].ask.pricePerSlotPerSecond();
  }

  function _requestMaxPrice(Request storage request) private view returns (uint256) {
    Ask storage ask = request.ask;
    return uint256(ask.slots) * ask.duration * ask.pricePerSlotPerSecond();
  }

  function _pull(address from, uint256 amount) private {
    if (!_token.transferFrom(from, address(this), amount)) revert Marketplace_TransferFailed();
  }

  function _pay(address to, uint256 amount) private {
    if (!_token.transfer(to, amount)) revert Marketplace_TransferFailed();
  }
}
