// What every sale shares (docs/reference/sales.md §2.1 SalesContext): the market and clock, availabilities
// and reservations, the callbacks that store and prove slot data, and the engine's timings.
import type { StorageFaultError } from '../errors';
import type { Alerter } from '../ports/alerter';
import type { Clock, Seconds } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Address, Market, ProofChallenge, RequestId, SlotId, StorageRequest } from '../ports/market';
import type { Proof } from '../ports/proof';
import type { ProofPurpose } from '../ports/proof-system';
import type { Reservation } from '../ports/store';
import type { SalesTimings } from '../ports/timings';
import type { Reservations } from '../reservations/reservations';
import type { SalesEvents } from './events';
import type { ProofPacing } from './proof-pacing';
import type { Semaphore } from './semaphore';

/** A slot of a known request. */
export interface SaleSlot {
  readonly requestId: RequestId;
  readonly request: StorageRequest;
  readonly slotIndex: bigint;
  readonly slotId: SlotId;
}

/** What onStore needs to download a slot. */
export interface StoreSlotInput extends SaleSlot {
  /** Holds the slot's bytes; its id keys the data in the repo. */
  readonly reservation: Reservation;
  /** The slot was freed and is being repaired (Codex's isRepairing). */
  readonly isRepairing: boolean;
  /** Until when the data must be kept: the request's end once started, its expiry before. */
  readonly expiry: Seconds;
  /** Blocks already stored and accounted (a download resumed after a restart); not fetched again. */
  readonly storedBlocks: readonly number[];
}

/** Called with each batch once written: its bytes and the slot's block indices it stored. */
export type OnBatch = (bytes: bigint, blocks: readonly number[]) => void;

/** Downloads a slot's data into the repo, calling onBatch with each batch once written. */
export type OnStore = (input: StoreSlotInput, onBatch: OnBatch, signal: AbortSignal) => Promise<void>;

/** What onProve needs: the slot and where its data is. */
export interface ProveSlotInput extends SaleSlot {
  readonly reservation: Reservation | undefined;
  /** Where the data is when no reservation names it (data found by its tag after the database was lost). */
  readonly dataKey?: string;
}

/** Builds the proof of a slot's data for a challenge; `purpose` says how urgent it is (absent: 'held'). */
export type OnProve = (
  slot: ProveSlotInput,
  challenge: ProofChallenge,
  signal?: AbortSignal,
  purpose?: ProofPurpose,
) => Promise<Proof>;

/** Everything the sale states reach, shared by all agents. */
export interface SalesContext {
  readonly market: Market;
  readonly clock: Clock;
  readonly reservations: Reservations;
  readonly timings: SalesTimings;
  readonly logger: Logger;
  /** Where states tell the dashboard about reservations and availabilities they change. */
  readonly events: SalesEvents;
  /** Where states raise what the operator must act on (missed proofs, errored sales). */
  readonly alerter: Alerter;
  readonly onStore: OnStore;
  /** Whether the data source can rebuild a repair slot's data (Codex decodes the whole dataset for it). */
  readonly canRepair: boolean;
  /** A write failed because of the disk: no new slot is taken until it takes writes again. */
  readonly onStorageFault?: (fault: StorageFaultError) => void;
  readonly onProve: OnProve;
  /** Proofs built at once (timings.maxConcurrentProofs); urgent for slots we hold. */
  readonly proofs: Semaphore;
  /** Whether proofs keep up with the periods; raises the alert when they do not. */
  readonly pacing: ProofPacing;
  /** Extends the retention of a slot's data (Codex's block TTL); optional. */
  readonly onExpiryUpdate?: (slot: SaleSlot, expiry: Seconds) => Promise<void>;
  /** Told that a slot's storage may be freed; optional. */
  readonly onClear?: (slot: SaleSlot) => void;
  /** Every n-th proof is submitted invalid (0 = off), like Codex's --simulate-proof-failures. */
  readonly simulateProofFailures: number;
  /** A proof the market rejects, for simulated failures. */
  readonly invalidProof: () => Proof;
  /** This host's address. */
  signer(): Promise<Address>;
}
