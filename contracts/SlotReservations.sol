// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SlotReservationsConfig} from "./Configuration.sol";
import {RequestId, Requests, SlotId, SlotState} from "./Requests.sol";
import {SlotStates} from "./SlotStates.sol";

/// A few hosts per slot may reserve it before filling; only they may fill it. The request is not
/// checked here: an untouched slot reads Free whatever its request does, and fillSlot rejects the
/// rest.
abstract contract SlotReservations is SlotStates {
  error SlotReservations_ReservationNotAllowed();

  event SlotReservationsFull(RequestId indexed requestId, uint64 slotIndex);

  uint8 private immutable _maxReservations;
  mapping(SlotId => address[]) private _reservations;

  constructor(SlotReservationsConfig memory config) {
    _maxReservations = config.maxReservations;
  }

  function reserveSlot(RequestId requestId, uint64 slotIndex) public {
    if (!canReserveSlot(requestId, slotIndex)) revert SlotReservations_ReservationNotAllowed();
    address[] storage reserved = _reservations[Requests.slotIdOf(requestId, slotIndex)];
    reserved.push(msg.sender);
    if (reserved.length == _maxReservations) emit SlotReservationsFull(requestId, slotIndex);
  }

  /// True when the slot is Free or Repair, has room, and the caller has not reserved it yet.
  function canReserveSlot(RequestId requestId, uint64 slotIndex) public view returns (bool) {
    SlotId slotId = Requests.slotIdOf(requestId, slotIndex);
    SlotState state = slotState(slotId);
    if (state != SlotState.Free && state != SlotState.Repair) return false;
    address[] storage reserved = _reservations[slotId];
    if (reserved.length >= _maxReservations) return false;
    return !_isReserved(reserved, msg.sender);
  }

  function _hasReservation(SlotId slotId, address host) internal view returns (bool) {
    return _isReserved(_reservations[slotId], host);
  }

  /// A forced free starts the slot over with a fresh set.
  function _clearReservations(SlotId slotId) internal {
    delete _reservations[slotId];
  }

  function _isReserved(address[] storage reserved, address host) private view returns (bool) {
    uint256 count = reserved.length;
    for (uint256 i = 0; i < count; i++) if (reserved[i] == host) return true;
    return false;
  }
}
