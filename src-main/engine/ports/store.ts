// Storage ports: availabilities, reservations, repo quota and slot data. Owned by sales engine I
// (issue 3). Like the Market port: Codex's u64/U256 fields (sizes, money, duration, slot indices)
// are bigint, points in time are integer chain Seconds.
// The store is synchronous on purpose: every method is one atomic step, so no await can interleave
// another writer between a check and the write it guards.

import type { Seconds } from './clock';

/** A 32-byte identifier written as 0x-prefixed lowercase hex (availability, reservation, request, slot ids). */
export type Id = string;

/** Disk space offered for sale, in Codex's words (docs/reference/sales.md §4.1). */
export interface Availability {
  readonly id: Id;
  /** Bytes offered in all; reserved in the repo quota while the availability exists. */
  readonly totalSize: bigint;
  /** Bytes not committed to any reservation. */
  readonly freeSize: bigint;
  /** Longest request duration accepted, in seconds. */
  readonly duration: bigint;
  readonly minPricePerBytePerSecond: bigint;
  readonly totalCollateral: bigint;
  /** Collateral budget not committed to reservations. */
  readonly totalRemainingCollateral: bigint;
  /** A disabled availability is never matched to new slots; existing sales continue. */
  readonly enabled: boolean;
  /** Latest request end it will host, in Unix seconds; 0 means no limit. */
  readonly until: Seconds;
}

/** Bytes and collateral of an availability set aside for one slot. */
export interface Reservation {
  readonly id: Id;
  readonly availabilityId: Id;
  /** Bytes still reserved: not yet written as slot data. */
  readonly size: bigint;
  /** Bytes already written as slot data; they stay charged to the availability until returned. */
  readonly writtenSize: bigint;
  /** Collateral taken from the availability's totalRemainingCollateral for this slot. */
  readonly collateral: bigint;
  readonly requestId: Id;
  readonly slotIndex: bigint;
  /** The request's end, in Unix seconds; an availability's `until` may not move before it. */
  readonly validUntil: Seconds;
}

/** What an operator gives to create an availability (docs/reference/sales.md §7.1 POST). */
export interface NewAvailability {
  readonly totalSize: bigint;
  readonly duration: bigint;
  readonly minPricePerBytePerSecond: bigint;
  readonly totalCollateral: bigint;
  /** Defaults to true. */
  readonly enabled?: boolean;
  /** Defaults to 0 (no limit). */
  readonly until?: Seconds;
}

/** A partial update of an availability (docs/reference/sales.md §7.1 PATCH); `freeSize` is refused. */
export interface AvailabilityPatch {
  readonly totalSize?: bigint;
  readonly freeSize?: bigint;
  readonly duration?: bigint;
  readonly minPricePerBytePerSecond?: bigint;
  readonly totalCollateral?: bigint;
  readonly enabled?: boolean;
  readonly until?: Seconds;
}

/** What a slot asks of an availability, used to find one that matches (docs/reference/sales.md §4.4). */
export interface AvailabilityQuery {
  readonly size: bigint;
  readonly duration: bigint;
  readonly pricePerBytePerSecond: bigint;
  readonly collateralPerByte: bigint;
  /** The request's end in Unix seconds. */
  readonly validUntil: Seconds;
}

/** What a sale asks to reserve in an availability. */
export interface NewReservation {
  readonly availabilityId: Id;
  readonly size: bigint;
  readonly requestId: Id;
  readonly slotIndex: bigint;
  readonly collateralPerByte: bigint;
  readonly validUntil: Seconds;
}

/** A slot named by its request and index. */
export interface SlotRef {
  readonly requestId: Id;
  readonly slotIndex: bigint;
}

/** An availability before and after one store operation; `before` is absent on creation. */
export interface AvailabilityChange {
  readonly before: Availability | undefined;
  readonly after: Availability;
}

/** A reservation removed by the store, with the availability it gave its bytes back to. */
export interface ReservationRemoval {
  readonly reservation: Reservation;
  readonly availability: AvailabilityChange;
}

/**
 * Persistent availabilities and reservations. Every method is atomic: it either applies in full
 * or throws an EngineError and changes nothing. Implementations keep, for every availability,
 * totalSize = freeSize + Σ reservation.size + Σ reservation.writtenSize, and charge the repo
 * quota's `reserved` with freeSize + Σ reservation.size.
 */
export interface SalesStore {
  createAvailability(input: NewAvailability): AvailabilityChange;
  updateAvailability(id: Id, patch: AvailabilityPatch): AvailabilityChange;
  /** Deletes an availability that holds no slot, releasing its bytes from the quota; returns it as it was. */
  deleteAvailability(id: Id): Availability;
  getAvailability(id: Id): Availability;
  listAvailabilities(): Availability[];
  /** The first availability, in creation order, that accepts the query; undefined when none does. */
  findAvailability(query: AvailabilityQuery): Availability | undefined;
  /** Re-checks free bytes and remaining collateral in the same transaction that takes them. */
  createReservation(input: NewReservation): { reservation: Reservation; availability: AvailabilityChange };
  getReservation(id: Id): Reservation;
  /** All reservations, or those of one availability, in creation order. */
  listReservations(availabilityId?: Id): Reservation[];
  /** The reservation held for a slot, so a restored sale can re-attach it. */
  reservationForSlot(slot: SlotRef): Reservation | undefined;
  /**
   * Moves `bytes` of a reservation from reserved to written as slot data is stored, and records
   * `blocks` (the slot's block indices just stored) as stored, in the same transaction.
   */
  release(reservationId: Id, availabilityId: Id, bytes: bigint, blocks?: readonly number[]): Reservation;
  /** The slot's block indices stored and accounted for a reservation, ascending; empty when none. */
  storedBlocks(reservationId: Id): number[];
  /** Gives back to the availability the written bytes, given the slot's full size (Codex's slotSize). */
  returnBytesToAvailability(availabilityId: Id, reservationId: Id, bytes: bigint): AvailabilityChange;
  /**
   * Deletes a reservation, giving its unwritten and any still-written bytes back to the availability,
   * and `returnedCollateral` (at most what the reservation took) when given. A missing reservation is no error.
   */
  deleteReservation(reservationId: Id, availabilityId: Id, returnedCollateral?: bigint): AvailabilityChange | undefined;
  /** Deletes every reservation whose slot is not among `activeSlots`, returning its bytes and collateral. */
  deleteInactiveReservations(activeSlots: readonly SlotRef[]): ReservationRemoval[];
}

/** The repo's byte quota (docs/reference/sales.md §8.2) beside what the filesystem really has free. */
export interface RepoQuota {
  /** The configured quota in bytes. */
  readonly max: bigint;
  /** Bytes the repo folder occupies on disk, as `du` counts them. */
  readonly used: bigint;
  /** Bytes held by availabilities and not yet written. */
  readonly reserved: bigint;
  /** max − used − reserved, never below zero. */
  readonly available: bigint;
  /** Bytes the filesystem holding the repo can still give to this process. */
  readonly diskFree: bigint;
  /** Size of that filesystem. */
  readonly diskTotal: bigint;
  /** True when the quota promises more than the disk has free: the operator must lower it or free disk. */
  readonly exceedsDisk: boolean;
}

/**
 * The data folder: slot data as files per slot (and small files beside it) and the byte quota that
 * governs it. Writes that fail because of the disk (full, read-only, not permitted) reject with
 * StorageFaultError.
 */
export interface Repo {
  quota(): RepoQuota;
  /** Writes slot data at a byte offset of the slot's data file, creating it when needed. */
  writeSlotData(slotId: Id, offset: number, data: Uint8Array): Promise<void>;
  /** Reads up to `length` bytes of slot data from `offset`; shorter at the end of the data. */
  readSlotData(slotId: Id, offset: number, length: number): Promise<Uint8Array>;
  /** Logical length of a slot's data in bytes; 0 when the slot has none. */
  slotDataSize(slotId: Id): bigint;
  /** Cuts a slot's data file to `length` bytes (bytes written but never accounted); missing data is no error. */
  truncateSlotData(slotId: Id, length: number): Promise<void>;
  /** Removes a slot's data; its bytes leave `used`. Missing data is no error. */
  deleteSlotData(slotId: Id): Promise<void>;
  /** Ids of slots that have data in the repo. */
  listSlots(): Id[];
  /**
   * Moves data nothing accounts for out of the way, never deleting it: it leaves listSlots() but
   * stays on disk (and in `used`) until the operator removes it. Returns where it went.
   */
  quarantineSlotData(slotId: Id): Promise<string>;
  /** Records which slot on chain the data under `key` belongs to, so it can be found without the database. */
  tagSlotData(key: Id, slotId: Id): Promise<void>;
  /** The slot on chain the data under `key` belongs to, when it was tagged. */
  slotOfData(key: Id): Id | undefined;
  /** Resolves when the repo and its database take writes now; rejects with StorageFaultError when not. */
  checkWritable(): Promise<void>;
  /**
   * Writes a small file kept beside a slot's data (its proof tree), replacing any file of that name
   * atomically: a crash leaves the old or the new file, never a mix. The slot must have data
   * (NotFoundError otherwise), so a file written late never outlives the data it describes. Its bytes
   * count in `used`, as du counts them; `name` is lowercase letters, digits and dashes.
   */
  writeSlotFile(slotId: Id, name: string, bytes: Uint8Array): Promise<void>;
  /**
   * Appends `bytes` to a file beside a slot's data, creating it; with `at` (at most the file's length)
   * they go at that byte instead and what followed is cut, so a caller replaces a torn tail it dropped.
   * Not synced: a kill keeps what was appended, a power cut may lose the last appends (readers drop a
   * torn tail). A failed append (StorageFaultError when the disk is full) cuts the file back to where
   * the bytes were to go, leaving nothing half-written. Same rules as writeSlotFile otherwise.
   */
  appendSlotFile(slotId: Id, name: string, bytes: Uint8Array, at?: number): Promise<void>;
  /** The bytes of a file beside a slot's data; undefined when there is none. */
  readSlotFile(slotId: Id, name: string): Promise<Uint8Array | undefined>;
  /** Up to `length` bytes of a file beside a slot's data from byte `offset` (shorter at its end); undefined when there is none. */
  readSlotFileAt(slotId: Id, name: string, offset: number, length: number): Promise<Uint8Array | undefined>;
  /** Removes a file beside a slot's data (deleteSlotData removes them all); a missing file is no error. */
  deleteSlotFile(slotId: Id, name: string): Promise<void>;
}
