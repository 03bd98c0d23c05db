// Codex's rules for offering space (POST and PATCH /sales/availability), as pure functions so the
// REST routes, the engine's api and the dashboard's form all judge input the same way. Messages
// are Codex's own texts, typos included, because scripts written for Codex match on them.
// Violations come in Codex's check order: the first one is what Codex would answer with a 422.

/** A field an availability rule can reject. */
export type AvailabilityField =
  'totalSize' | 'duration' | 'minPricePerBytePerSecond' | 'totalCollateral' | 'until' | 'freeSize';

/** One broken rule: which field and Codex's message for it. */
export interface RuleViolation {
  field: AvailabilityField;
  message: string;
}

/** Codex's error texts, exported so callers can recognise them without retyping them. */
export const availabilityMessages = {
  totalSizeZero: 'Total size must be larger then zero',
  durationZero: 'duration must be larger then zero',
  priceZero: 'minPricePerBytePerSecond must be larger then zero',
  collateralZero: 'totalCollateral must be larger then zero',
  quota: 'Not enough storage quota',
  untilNegative: 'Cannot set until to a negative value',
  untilBeforeHosted: 'Until parameter must be greater or equal to the longest currently hosted slot',
  freeSizeReadOnly: 'Updating freeSize is not allowed',
  totalSizeBelowUsed: (inUse: bigint) =>
    `New totalSize must be larger then current totalSize - freeSize, which is currently: ${inUse}`,
} as const;

/** Quota figures in bytes, as QuotaDto carries them once parsed. */
export interface QuotaBytes {
  maxBytes: bigint;
  usedBytes: bigint;
  reservedBytes: bigint;
}

/** Bytes of the repo quota not yet used or held by an availability (Codex's `repo.available()`). */
export function availableQuota(quota: QuotaBytes): bigint {
  const free = quota.maxBytes - quota.usedBytes - quota.reservedBytes;
  return free > 0n ? free : 0n;
}

/** Codex's `hasAvailable`: strictly less than what is free, so the quota is never filled to the byte. */
export function fitsQuota(bytes: bigint, available: bigint): boolean {
  return bytes < available;
}

/** The fields of a new availability, in Codex's units (bytes, seconds, token base units). */
export interface AvailabilityCreateInput {
  totalSize: bigint;
  duration: bigint | number;
  minPricePerBytePerSecond: bigint;
  totalCollateral: bigint;
  until?: bigint | number;
}

/** Checks a new availability against the free quota (bytes, from availableQuota). */
export function checkAvailabilityCreate(input: AvailabilityCreateInput, freeQuota: bigint): RuleViolation[] {
  const found: RuleViolation[] = [];
  if (input.totalSize <= 0n) found.push({ field: 'totalSize', message: availabilityMessages.totalSizeZero });
  if (BigInt(input.duration) <= 0n) found.push({ field: 'duration', message: availabilityMessages.durationZero });
  if (input.minPricePerBytePerSecond <= 0n)
    found.push({ field: 'minPricePerBytePerSecond', message: availabilityMessages.priceZero });
  if (input.totalCollateral <= 0n)
    found.push({ field: 'totalCollateral', message: availabilityMessages.collateralZero });
  if (input.totalSize > 0n && !fitsQuota(input.totalSize, freeQuota))
    found.push({ field: 'totalSize', message: availabilityMessages.quota });
  if (input.until !== undefined && BigInt(input.until) < 0n)
    found.push({ field: 'until', message: availabilityMessages.untilNegative });
  return found;
}

/** A PATCH: any subset of the fields; `freeSize` is listed only to be refused. */
export interface AvailabilityUpdateInput {
  totalSize?: bigint;
  duration?: bigint | number;
  minPricePerBytePerSecond?: bigint;
  totalCollateral?: bigint;
  until?: bigint | number;
  freeSize?: unknown;
}

/** What a PATCH is judged against: the stored availability and what it hosts now. */
export interface AvailabilityUpdateContext {
  current: { totalSize: bigint; freeSize: bigint };
  /** Bytes of quota free now (availableQuota). */
  freeQuota: bigint;
  /** The latest validUntil among this availability's reservations; 0 when it has none. */
  longestHostedUntil: bigint | number;
}

/**
 * Checks a PATCH. Like Codex it does not re-check zero duration, price or collateral. Unlike
 * Codex (a known defect, see DESIGN.md) only the growth of totalSize is checked against the
 * free quota, because the current size is already reserved.
 */
export function checkAvailabilityUpdate(
  input: AvailabilityUpdateInput,
  context: AvailabilityUpdateContext,
): RuleViolation[] {
  const found: RuleViolation[] = [];
  if (input.freeSize !== undefined) found.push({ field: 'freeSize', message: availabilityMessages.freeSizeReadOnly });
  if (input.totalSize !== undefined) {
    const inUse = context.current.totalSize - context.current.freeSize;
    const growth = input.totalSize - context.current.totalSize;
    if (input.totalSize <= 0n) found.push({ field: 'totalSize', message: availabilityMessages.totalSizeZero });
    else if (input.totalSize < inUse)
      found.push({ field: 'totalSize', message: availabilityMessages.totalSizeBelowUsed(inUse) });
    else if (growth > 0n && !fitsQuota(growth, context.freeQuota))
      found.push({ field: 'totalSize', message: availabilityMessages.quota });
  }
  if (input.until !== undefined) {
    const until = BigInt(input.until);
    if (until < 0n) found.push({ field: 'until', message: availabilityMessages.untilNegative });
    else if (until > 0n && BigInt(context.longestHostedUntil) > until)
      found.push({ field: 'until', message: availabilityMessages.untilBeforeHosted });
  }
  return found;
}
