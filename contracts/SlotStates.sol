// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SlotId, SlotState} from "./Requests.sol";

/// The derived slot state, which the proof and reservation rules read and the Marketplace defines.
abstract contract SlotStates {
  function slotState(SlotId slotId) public view virtual returns (SlotState);
}
