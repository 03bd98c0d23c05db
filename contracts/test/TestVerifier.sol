// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Groth16Proof, IGroth16Verifier} from "../Groth16.sol";

/// A stand-in verifier for test chains, like Codex's TestVerifier: the proof with every coordinate
/// zero is invalid, any other proof is valid, whatever the public inputs.
contract TestVerifier is IGroth16Verifier {
  function verify(Groth16Proof calldata proof, uint256[] calldata) external pure returns (bool) {
    uint256 any = proof.a.x | proof.a.y | proof.c.x | proof.c.y;
    any |= proof.b.x.real | proof.b.x.imag | proof.b.y.real | proof.b.y.imag;
    return any != 0;
  }
}
