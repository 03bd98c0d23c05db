// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Bytes32Sets} from "./Bytes32Sets.sol";
import {RequestId, SlotId} from "./Requests.sol";

/// The caller's open requests and held slots (both depend on msg.sender).
abstract contract StateRetrieval {
  using Bytes32Sets for Bytes32Sets.Set;

  mapping(address => Bytes32Sets.Set) private _requestsOf;
  mapping(address => Bytes32Sets.Set) private _slotsOf;

  function myRequests() public view returns (RequestId[] memory ids) {
    bytes32[] memory raw = _requestsOf[msg.sender].values();
    ids = new RequestId[](raw.length);
    for (uint256 i = 0; i < raw.length; i++) ids[i] = RequestId.wrap(raw[i]);
  }

  function mySlots() public view returns (SlotId[] memory ids) {
    bytes32[] memory raw = _slotsOf[msg.sender].values();
    ids = new SlotId[](raw.length);
    for (uint256 i = 0; i < raw.length; i++) ids[i] = SlotId.wrap(raw[i]);
  }

  function _addToMyRequests(address client, RequestId id) internal {
    _requestsOf[client].add(RequestId.unwrap(id));
  }

  function _removeFromMyRequests(address client, RequestId id) internal {
    _requestsOf[client].remove(RequestId.unwrap(id));
  }

  function _addToMySlots(address host, SlotId id) internal {
    _slotsOf[host].add(SlotId.unwrap(id));
  }

  function _removeFromMySlots(address host, SlotId id) internal {
    _slotsOf[host].remove(SlotId.unwrap(id));
  }
}
