// What the Codex-compatible REST api needs from the engine side, in the engine's own types.
import type { Availability, AvailabilityPatch, NewAvailability, Reservation, StorageRequest } from '../../engine/index';

/** A slot this host fills, as GET /sales/slots lists it. */
export interface ActiveSlot {
  id: string;
  requestId: string;
  slotIndex: bigint;
  request: StorageRequest;
}

/** The sale handling one slot, as GET /sales/slots/{id} shows it. */
export interface SlotAgentView {
  state: string;
  requestId: string;
  slotIndex: bigint;
  request?: { id: string; value: StorageRequest };
  reservation?: Reservation;
}

/** The repo numbers GET /space reports. */
export interface SpaceView {
  totalBlocks: bigint;
  quotaMaxBytes: bigint;
  quotaUsedBytes: bigint;
  quotaReservedBytes: bigint;
}

/** The host side of Codex's marketplace api. Methods throw EngineErrors carrying Codex's texts. */
export interface CodexRestSource {
  listAvailabilities(): Availability[];
  createAvailability(input: NewAvailability): Promise<Availability>;
  updateAvailability(id: string, patch: AvailabilityPatch): Promise<void>;
  /** Throws NotFoundError for an unknown availability. */
  listReservations(availabilityId: string): Reservation[];
  space(): SpaceView;
  activeSlots(): Promise<ActiveSlot[]>;
  slotAgent(slotId: string): SlotAgentView | undefined;
}
