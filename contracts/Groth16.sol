// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// A Groth16 proof over BN254 as Codex's Marketplace takes it, and the verifier interface it calls.
// snarkjs' proof.json maps onto it as a = pi_a, b.x = (pi_b[0][0], pi_b[0][1]),
// b.y = (pi_b[1][0], pi_b[1][1]), c = pi_c.

struct G1Point {
  uint256 x;
  uint256 y;
}

/// real + i·imag
struct Fp2Element {
  uint256 real;
  uint256 imag;
}

struct G2Point {
  Fp2Element x;
  Fp2Element y;
}

struct Groth16Proof {
  G1Point a;
  G2Point b;
  G1Point c;
}

interface IGroth16Verifier {
  function verify(Groth16Proof calldata proof, uint256[] calldata pubSignals) external view returns (bool);
}
