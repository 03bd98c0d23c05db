// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// An unordered set of bytes32 with constant-time add, remove and membership.
library Bytes32Sets {
  struct Set {
    bytes32[] items;
    /// Index in `items` plus one; zero for values not in the set.
    mapping(bytes32 => uint256) places;
  }

  function add(Set storage set, bytes32 value) internal {
    if (set.places[value] != 0) return;
    set.items.push(value);
    set.places[value] = set.items.length;
  }

  function remove(Set storage set, bytes32 value) internal {
    uint256 place = set.places[value];
    if (place == 0) return;
    uint256 last = set.items.length;
    if (place != last) {
      bytes32 moved = set.items[last - 1];
      set.items[place - 1] = moved;
      set.places[moved] = place;
    }
    set.items.pop();
    delete set.places[value];
  }

  function values(Set storage set) internal view returns (bytes32[] memory) {
    return set.items;
  }
}
