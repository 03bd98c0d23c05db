// The Marketplace ABI of codex-contracts-eth at a179deb (the revision nim-codex uses), written out
// in ethers' human-readable form, and the ERC-20 part of its token. A test compiles the project's
// own contract and checks that both agree with the selector tables of docs/reference/marketplace-abi.md.
import { Interface } from 'ethers';

const ASK =
  '(uint256 proofProbability,uint256 pricePerBytePerSecond,uint256 collateralPerByte,uint64 slots,uint64 slotSize,uint64 duration,uint64 maxSlotLoss)';
const REQUEST = `(address client,${ASK} ask,(bytes cid,bytes32 merkleRoot) content,uint64 expiry,bytes32 nonce)`;
const PROOF =
  '((uint256 x,uint256 y) a,((uint256 real,uint256 imag) x,(uint256 real,uint256 imag) y) b,(uint256 x,uint256 y) c)';
const CONFIG =
  '((uint8 repairRewardPercentage,uint8 maxNumberOfSlashes,uint8 slashPercentage,uint8 validatorRewardPercentage) collateral,' +
  '(uint64 period,uint64 timeout,uint8 downtime,uint8 downtimeProduct,string zkeyHash) proofs,' +
  '(uint8 maxReservations) reservations,uint64 requestDurationLimit)';

/** The 37 custom errors of the Marketplace and its bases; none has arguments. */
export const MARKETPLACE_ERRORS = [
  'AlreadyPaid',
  'DurationExceedsLimit',
  'InsufficientCollateral',
  'InsufficientDuration',
  'InsufficientProofProbability',
  'InsufficientReward',
  'InsufficientSlots',
  'InvalidCid',
  'InvalidClientAddress',
  'InvalidExpiry',
  'InvalidMaxSlotLoss',
  'InvalidSlot',
  'InvalidSlotHost',
  'InvalidState',
  'MaximumSlashingTooHigh',
  'NothingToWithdraw',
  'ProofNotSubmittedByHost',
  'RepairRewardPercentageTooHigh',
  'RequestAlreadyExists',
  'ReservationRequired',
  'SlashPercentageTooHigh',
  'SlotIsFree',
  'SlotNotAcceptingProofs',
  'SlotNotFree',
  'StartNotBeforeExpiry',
  'TransferFailed',
  'UnknownRequest',
]
  .map((n) => `Marketplace_${n}`)
  .concat(
    [
      'InsufficientBlockHeight',
      'InvalidProof',
      'PeriodNotEnded',
      'ProofAlreadyMarkedMissing',
      'ProofAlreadySubmitted',
      'ProofNotMissing',
      'ProofNotRequired',
      'ValidationTimedOut',
    ].map((n) => `Proofs_${n}`),
    ['Periods_InvalidSecondsPerPeriod', 'SlotReservations_ReservationNotAllowed'],
  );

/** The Marketplace's 29 functions, 8 events and 37 errors. */
export const MARKETPLACE_ABI: readonly string[] = [
  `constructor(${CONFIG} config, address token, address verifier)`,
  `function requestStorage(${REQUEST} request)`,
  'function reserveSlot(bytes32 requestId, uint64 slotIndex)',
  'function canReserveSlot(bytes32 requestId, uint64 slotIndex) view returns (bool)',
  `function fillSlot(bytes32 requestId, uint64 slotIndex, ${PROOF} proof)`,
  `function submitProof(bytes32 id, ${PROOF} proof)`,
  'function freeSlot(bytes32 slotId)',
  'function freeSlot(bytes32 slotId, address rewardRecipient, address collateralRecipient)',
  'function markProofAsMissing(bytes32 slotId, uint64 period)',
  'function canMarkProofAsMissing(bytes32 slotId, uint64 period) view',
  'function withdrawFunds(bytes32 requestId)',
  'function withdrawFunds(bytes32 requestId, address withdrawRecipient)',
  `function configuration() view returns (${CONFIG})`,
  'function token() view returns (address)',
  `function getRequest(bytes32 requestId) view returns (${REQUEST})`,
  `function getActiveSlot(bytes32 slotId) view returns ((${REQUEST} request, uint64 slotIndex))`,
  'function getHost(bytes32 slotId) view returns (address)',
  'function currentCollateral(bytes32 slotId) view returns (uint256)',
  'function requestState(bytes32 requestId) view returns (uint8)',
  'function slotState(bytes32 slotId) view returns (uint8)',
  'function requestEnd(bytes32 requestId) view returns (uint64)',
  'function requestExpiry(bytes32 requestId) view returns (uint64)',
  'function myRequests() view returns (bytes32[])',
  'function mySlots() view returns (bytes32[])',
  'function missingProofs(bytes32 slotId) view returns (uint64)',
  'function slotProbability(bytes32 slotId) view returns (uint256)',
  'function getPointer(bytes32 id) view returns (uint8)',
  'function getChallenge(bytes32 id) view returns (bytes32)',
  'function isProofRequired(bytes32 id) view returns (bool)',
  'function willProofBeRequired(bytes32 id) view returns (bool)',
  `event StorageRequested(bytes32 requestId, ${ASK} ask, uint64 expiry)`,
  'event RequestFulfilled(bytes32 indexed requestId)',
  'event RequestFailed(bytes32 indexed requestId)',
  'event RequestCancelled(bytes32 indexed requestId)',
  'event SlotFilled(bytes32 indexed requestId, uint64 slotIndex)',
  'event SlotFreed(bytes32 indexed requestId, uint64 slotIndex)',
  'event SlotReservationsFull(bytes32 indexed requestId, uint64 slotIndex)',
  'event ProofSubmitted(bytes32 id)',
  ...MARKETPLACE_ERRORS.map((name) => `error ${name}()`),
];

/** The ERC-20 functions a host and a client use, and OpenZeppelin 5's errors (with arguments). */
export const TOKEN_ABI: readonly string[] = [
  'function name() view returns (string)',
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address account) view returns (uint256)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function approve(address spender, uint256 value) returns (bool)',
  'function transfer(address to, uint256 value) returns (bool)',
  'function transferFrom(address from, address to, uint256 value) returns (bool)',
  'function mint(address holder, uint256 amount)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
  'event Approval(address indexed owner, address indexed spender, uint256 value)',
  'error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)',
  'error ERC20InvalidSender(address sender)',
  'error ERC20InvalidReceiver(address receiver)',
  'error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)',
  'error ERC20InvalidApprover(address approver)',
  'error ERC20InvalidSpender(address spender)',
];

/** Codex's verifier interface (TestVerifier and Groth16Verifier alike). */
export const VERIFIER_ABI: readonly string[] = [
  `function verify(${PROOF} proof, uint256[] pubSignals) view returns (bool)`,
];

/** Parsed Marketplace ABI. */
export const marketplaceInterface = new Interface(MARKETPLACE_ABI);
/** Parsed token ABI. */
export const tokenInterface = new Interface(TOKEN_ABI);
