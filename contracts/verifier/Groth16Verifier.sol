// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Checks Groth16 proofs over BN254 with the EVM's precompiles, for any verifying key given to the
// constructor (a snarkjs verification_key.json through src-main/proofs/groth16/verification-key.ts).
// Written from the verification equation
//   e(A, B) = e(alpha1, beta2) · e(vk_x, gamma2) · e(C, delta2),  vk_x = IC[0] + Σ input_i · IC[i+1],
// checked as the single product e(−A, B) · e(alpha1, beta2) · e(vk_x, gamma2) · e(C, delta2) = 1.
// The interface is Codex's: verify(Groth16Proof, uint256[]) view returns (bool), with the struct
// layout of its Marketplace; bad input of any kind returns false instead of reverting.

struct G1Point {
    uint256 x;
    uint256 y;
}

/// An element of Fp2: real + i·imag.
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

contract Groth16Verifier {
    /// BN254 base field: point coordinates are below it.
    uint256 private constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    /// BN254 scalar field: public inputs are below it.
    uint256 private constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    error Groth16Verifier_InvalidKey();

    // The fixed part of the key, with G2 coordinates already in the precompile's order (imag, real).
    uint256 private immutable alphaX;
    uint256 private immutable alphaY;
    uint256 private immutable betaX0;
    uint256 private immutable betaX1;
    uint256 private immutable betaY0;
    uint256 private immutable betaY1;
    uint256 private immutable gammaX0;
    uint256 private immutable gammaX1;
    uint256 private immutable gammaY0;
    uint256 private immutable gammaY1;
    uint256 private immutable deltaX0;
    uint256 private immutable deltaX1;
    uint256 private immutable deltaY0;
    uint256 private immutable deltaY1;

    /// IC points as x0, y0, x1, y1, …: one more point than public inputs.
    uint256[] private ic;

    constructor(
        G1Point memory alpha1,
        G2Point memory beta2,
        G2Point memory gamma2,
        G2Point memory delta2,
        G1Point[] memory icPoints
    ) {
        if (icPoints.length == 0 || !onCurve(alpha1)) revert Groth16Verifier_InvalidKey();
        if (!inField(beta2) || !inField(gamma2) || !inField(delta2)) revert Groth16Verifier_InvalidKey();
        alphaX = alpha1.x;
        alphaY = alpha1.y;
        (betaX0, betaX1, betaY0, betaY1) = (beta2.x.imag, beta2.x.real, beta2.y.imag, beta2.y.real);
        (gammaX0, gammaX1, gammaY0, gammaY1) = (gamma2.x.imag, gamma2.x.real, gamma2.y.imag, gamma2.y.real);
        (deltaX0, deltaX1, deltaY0, deltaY1) = (delta2.x.imag, delta2.x.real, delta2.y.imag, delta2.y.real);
        for (uint256 i = 0; i < icPoints.length; i++) {
            if (!onCurve(icPoints[i])) revert Groth16Verifier_InvalidKey();
            ic.push(icPoints[i].x);
            ic.push(icPoints[i].y);
        }
    }

    /// How many public inputs a proof must come with.
    function publicInputCount() external view returns (uint256) {
        return ic.length / 2 - 1;
    }

    /// True when `proof` proves the circuit's statement for exactly these public inputs.
    function verify(Groth16Proof memory proof, uint256[] memory pubSignals) external view returns (bool) {
        if (pubSignals.length + 1 != ic.length / 2) return false;
        if (!onCurve(proof.a) || !onCurve(proof.c) || !inField(proof.b)) return false;
        (bool ok, uint256 x, uint256 y) = inputCommitment(pubSignals);
        if (!ok) return false;

        uint256[24] memory input;
        input[0] = proof.a.x;
        input[1] = (Q - proof.a.y) % Q; // −A
        (input[2], input[3], input[4], input[5]) = (proof.b.x.imag, proof.b.x.real, proof.b.y.imag, proof.b.y.real);
        (input[6], input[7]) = (alphaX, alphaY);
        (input[8], input[9], input[10], input[11]) = (betaX0, betaX1, betaY0, betaY1);
        (input[12], input[13]) = (x, y);
        (input[14], input[15], input[16], input[17]) = (gammaX0, gammaX1, gammaY0, gammaY1);
        (input[18], input[19]) = (proof.c.x, proof.c.y);
        (input[20], input[21], input[22], input[23]) = (deltaX0, deltaX1, deltaY0, deltaY1);

        uint256[1] memory out;
        bool success;
        // A B off the twist or outside the subgroup makes the precompile fail: that is a false.
        assembly ("memory-safe") {
            success := staticcall(gas(), 0x08, input, 768, out, 0x20)
        }
        return success && out[0] == 1;
    }

    /// vk_x = IC[0] + Σ pubSignals[i] · IC[i+1]; not ok when an input is not below R.
    function inputCommitment(uint256[] memory pubSignals) private view returns (bool ok, uint256 x, uint256 y) {
        (x, y) = (ic[0], ic[1]);
        for (uint256 i = 0; i < pubSignals.length; i++) {
            if (pubSignals[i] >= R) return (false, 0, 0);
            uint256[3] memory mulIn = [ic[2 * i + 2], ic[2 * i + 3], pubSignals[i]];
            uint256[4] memory addIn;
            bool success;
            assembly ("memory-safe") {
                success := staticcall(gas(), 0x07, mulIn, 0x60, add(addIn, 0x40), 0x40)
            }
            if (!success) return (false, 0, 0);
            (addIn[0], addIn[1]) = (x, y);
            uint256[2] memory sum;
            assembly ("memory-safe") {
                success := staticcall(gas(), 0x06, addIn, 0x80, sum, 0x40)
            }
            if (!success) return (false, 0, 0);
            (x, y) = (sum[0], sum[1]);
        }
        return (true, x, y);
    }

    /// y² = x³ + 3 with both coordinates below Q (the point at infinity is not a valid proof point).
    function onCurve(G1Point memory p) private pure returns (bool) {
        if (p.x >= Q || p.y >= Q) return false;
        return mulmod(p.y, p.y, Q) == addmod(mulmod(mulmod(p.x, p.x, Q), p.x, Q), 3, Q);
    }

    function inField(G2Point memory p) private pure returns (bool) {
        return p.x.real < Q && p.x.imag < Q && p.y.real < Q && p.y.imag < Q;
    }
}
