// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Groth16Proof, IGroth16Verifier} from "../Groth16.sol";

/// For tests of the public inputs: accepts a proof only when the inputs are the ones set last.
contract InputCheckingVerifier is IGroth16Verifier {
  uint256[] private _expected;

  function expect(uint256[] calldata inputs) external {
    _expected = inputs;
  }

  function verify(Groth16Proof calldata, uint256[] calldata pubSignals) external view returns (bool) {
    if (pubSignals.length != _expected.length) return false;
    for (uint256 i = 0; i < pubSignals.length; i++) if (pubSignals[i] != _expected[i]) return false;
    return true;
  }
}
