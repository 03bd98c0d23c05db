// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// The Marketplace's constructor argument, read back with configuration(). Field order and widths
// are Codex's ABI.

struct CollateralConfig {
  /// Percent of collateralPerSlot given as a discount to whoever refills a Repair slot.
  uint8 repairRewardPercentage;
  /// Missed proofs after which the slot is forcibly freed.
  uint8 maxNumberOfSlashes;
  /// Percent of collateralPerSlot taken per missed proof.
  uint8 slashPercentage;
  /// Percent of a slash paid to whoever marked the proof missing.
  uint8 validatorRewardPercentage;
}

struct ProofConfig {
  /// Seconds per period.
  uint64 period;
  /// Seconds after a period's end during which a missed proof can be marked.
  uint64 timeout;
  /// Pointer positions (blocks) of the grey zone around a pointer wrap.
  uint8 downtime;
  /// Pointer shift per period.
  uint8 downtimeProduct;
  /// Hash of the zkey the verifier was built for.
  string zkeyHash;
}

struct SlotReservationsConfig {
  /// Hosts that may reserve one slot.
  uint8 maxReservations;
}

struct MarketplaceConfig {
  CollateralConfig collateral;
  ProofConfig proofs;
  SlotReservationsConfig reservations;
  /// Longest ask.duration accepted, in seconds.
  uint64 requestDurationLimit;
}
