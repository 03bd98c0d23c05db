// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ProofConfig} from "./Configuration.sol";
import {Groth16Proof, IGroth16Verifier} from "./Groth16.sol";
import {Period, Periods} from "./Periods.sol";
import {SlotId, SlotState} from "./Requests.sol";
import {SlotStates} from "./SlotStates.sol";

/// When a filled slot owes a proof, receiving proofs, and marking the ones that never came.
///
/// A slot's challenge in a period comes from a block the pointer selects among the last 256:
/// pointer = (block.number + period × downtimeProduct + slotId) mod 256. Within a period the pointer
/// and block.number grow together, so the block stays the same until the pointer wraps; the first
/// `downtime` positions after a wrap are a grey zone in which a requirement is not yet enforceable.
abstract contract Proofs is Periods, SlotStates {
  error Proofs_InsufficientBlockHeight();
  error Proofs_InvalidProof();
  error Proofs_ProofAlreadySubmitted();
  error Proofs_PeriodNotEnded();
  error Proofs_ValidationTimedOut();
  error Proofs_ProofNotMissing();
  error Proofs_ProofNotRequired();
  error Proofs_ProofAlreadyMarkedMissing();

  event ProofSubmitted(SlotId id);

  /// What is known about a slot's proof for one period; receiving and marking exclude each other.
  enum Mark {
    None,
    Received,
    Missing
  }

  uint64 private immutable _timeout;
  uint8 private immutable _downtime;
  uint8 private immutable _downtimeProduct;
  IGroth16Verifier private immutable _verifier;

  mapping(SlotId => uint64) private _missed;
  mapping(SlotId => mapping(Period => Mark)) private _marks;

  constructor(ProofConfig memory config, IGroth16Verifier verifier) Periods(config.period) {
    // The challenge reads blockhash(block.number - 1 - pointer) for pointers up to 255.
    if (block.number <= 256) revert Proofs_InsufficientBlockHeight();
    _timeout = config.timeout;
    _downtime = config.downtime;
    _downtimeProduct = config.downtimeProduct;
    _verifier = verifier;
  }

  /// proofProbability scaled for the grey zone; 0 means a proof every period.
  function slotProbability(SlotId id) public view virtual returns (uint256);

  /// When the slot was last filled; proofs are owed from the period after.
  function _filledAt(SlotId id) internal view virtual returns (uint64);

  function missingProofs(SlotId slotId) public view returns (uint64) {
    return _missed[slotId];
  }

  function _resetMissingProofs(SlotId slotId) internal {
    _missed[slotId] = 0;
  }

  function _pointer(SlotId id, Period period) internal view returns (uint8) {
    uint256 shift = (uint256(Period.unwrap(period)) * _downtimeProduct) % 256;
    return uint8((block.number % 256 + shift + (uint256(SlotId.unwrap(id)) % 256)) % 256);
  }

  function getPointer(SlotId id) public view returns (uint8) {
    return _pointer(id, _blockPeriod());
  }

  function _challengeAt(uint8 pointer) internal view returns (bytes32) {
    bytes32 hash = blockhash(block.number - 1 - pointer);
    assert(hash != bytes32(0));
    return keccak256(abi.encode(hash));
  }

  function getChallenge(SlotId id) public view returns (bytes32) {
    return _challengeAt(_pointer(id, _blockPeriod()));
  }

  /// Whether the challenge of `period` selects the slot, and the pointer it was read at.
  function _requirement(SlotId id, Period period) private view returns (bool required, uint8 pointer) {
    if (slotState(id) != SlotState.Filled) return (false, 0);
    if (Period.unwrap(period) <= Period.unwrap(_periodOf(_filledAt(id)))) return (false, 0);
    pointer = _pointer(id, period);
    uint256 probability = slotProbability(id);
    required = probability == 0 || uint256(_challengeAt(pointer)) % probability == 0;
  }

  function _isProofRequired(SlotId id, Period period) internal view returns (bool) {
    (bool required, uint8 pointer) = _requirement(id, period);
    return required && pointer >= _downtime;
  }

  function isProofRequired(SlotId id) public view returns (bool) {
    return _isProofRequired(id, _blockPeriod());
  }

  /// Required this period, but enforceable only once the pointer leaves the grey zone.
  function willProofBeRequired(SlotId id) public view returns (bool) {
    (bool required, uint8 pointer) = _requirement(id, _blockPeriod());
    return required && pointer < _downtime;
  }

  /// Records the proof for the current period once the verifier accepts it.
  function _receiveProof(SlotId id, Groth16Proof calldata proof, uint256[] memory pubSignals) internal {
    Period current = _blockPeriod();
    if (_marks[id][current] == Mark.Received) revert Proofs_ProofAlreadySubmitted();
    if (!_verifier.verify(proof, pubSignals)) revert Proofs_InvalidProof();
    _marks[id][current] = Mark.Received;
    emit ProofSubmitted(id);
  }

  /// Reverts unless the proof of `missedPeriod` can be marked missing now.
  function _checkProofMissing(SlotId id, Period missedPeriod) internal view {
    uint64 end = _periodEnd(missedPeriod);
    if (end >= block.timestamp) revert Proofs_PeriodNotEnded();
    if (block.timestamp >= end + _timeout) revert Proofs_ValidationTimedOut();
    Mark mark = _marks[id][missedPeriod];
    if (mark == Mark.Received) revert Proofs_ProofNotMissing();
    // Re-evaluated with the current block number: a wrapped pointer selects a different block.
    if (!_isProofRequired(id, missedPeriod)) revert Proofs_ProofNotRequired();
    if (mark == Mark.Missing) revert Proofs_ProofAlreadyMarkedMissing();
  }

  function _markProofMissing(SlotId id, Period missedPeriod) internal {
    _checkProofMissing(id, missedPeriod);
    _marks[id][missedPeriod] = Mark.Missing;
    _missed[id] += 1;
  }
}
