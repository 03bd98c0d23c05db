// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// Byte order reversal: the proof's public inputs are little-endian values read as field elements.
abstract contract Endian {
  uint256 private constant EVERY_OTHER_BYTE = 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff;
  uint256 private constant EVERY_OTHER_PAIR = 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff;
  uint256 private constant EVERY_OTHER_QUAD = 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff;
  uint256 private constant EVERY_OTHER_OCTET = 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff;

  /// The 32 bytes of `input` in reverse order.
  function _byteSwap(bytes32 input) internal pure returns (bytes32) {
    uint256 v = uint256(input);
    // Swap ever larger halves: bytes within pairs, pairs within quads, and so on up to 128-bit halves.
    v = ((v >> 8) & EVERY_OTHER_BYTE) | ((v & EVERY_OTHER_BYTE) << 8);
    v = ((v >> 16) & EVERY_OTHER_PAIR) | ((v & EVERY_OTHER_PAIR) << 16);
    v = ((v >> 32) & EVERY_OTHER_QUAD) | ((v & EVERY_OTHER_QUAD) << 32);
    v = ((v >> 64) & EVERY_OTHER_OCTET) | ((v & EVERY_OTHER_OCTET) << 64);
    v = (v >> 128) | (v << 128);
    return bytes32(v);
  }
}
