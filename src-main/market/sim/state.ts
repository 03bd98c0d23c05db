// The simulated chain's storage: what the contract keeps in its mappings, held in memory (every read
// is a Map lookup) and marked dirty on write so the persistence layer can write it through in batches.
import type {
  Address,
  Period,
  RequestId,
  RequestState,
  Seconds,
  SlotId,
  SlotState,
  StorageRequest,
} from '../../engine/index';

/** The zero address: a slot's host after a forced free. */
export const ZERO_ADDRESS = '0x' + '00'.repeat(20);
/** The Marketplace contract's own address in the token ledger. */
export const MARKETPLACE_ADDRESS = '0x' + 'c0de'.repeat(10);

/** Request plus the contract's RequestContext. */
export interface RequestRecord {
  id: RequestId;
  request: StorageRequest;
  /** Stored state; the derived one comes from derive.ts. */
  state: RequestState;
  fundsToReturnToClient: bigint;
  slotsFilled: bigint;
  startedAt: Seconds;
  endsAt: Seconds;
  expiresAt: Seconds;
  /** Still listed in the client's myRequests. */
  listed: boolean;
  /** Block and time of creation (for history). */
  createdBlock: number;
}

/** The contract's Slot record plus the Proofs module's per-slot counters. */
export interface SlotRecord {
  id: SlotId;
  requestId: RequestId;
  slotIndex: bigint;
  /** Stored state: Free (never filled), Filled, Repair or Paid. */
  state: SlotState;
  filledAt: Seconds;
  currentCollateral: bigint;
  host: Address;
  /** Still listed in the host's mySlots. */
  listed: boolean;
  /** Period of the last fill: proofs are required only in later periods. */
  startPeriod: Period;
  missed: number;
}

/** What a proof period looks like for one slot: received, marked missing, or both unknown. */
export type ProofMark = 'received' | 'missing';

/** Kinds of rows the persistence layer writes through. */
export type DirtyKind = 'request' | 'slot' | 'reservations' | 'balance' | 'allowance' | 'proof';

/** The contract's mappings, in memory, with dirty tracking for write-through. */
export class ChainState {
  readonly requests = new Map<RequestId, RequestRecord>();
  readonly slots = new Map<SlotId, SlotRecord>();
  readonly reservations = new Map<SlotId, Address[]>();
  readonly balances = new Map<Address, bigint>();
  /** Key `${owner}:${spender}`. */
  readonly allowances = new Map<string, bigint>();
  /** Per slot, per period. */
  readonly proofs = new Map<SlotId, Map<Period, ProofMark>>();
  /** Indexes rebuilt from the `listed` flags. */
  readonly myRequests = new Map<Address, Set<RequestId>>();
  readonly mySlots = new Map<Address, Set<SlotId>>();
  /** Keys changed since the last flush, per kind. */
  readonly dirty: Record<DirtyKind, Set<string>> = {
    request: new Set(),
    slot: new Set(),
    reservations: new Set(),
    balance: new Set(),
    allowance: new Set(),
    proof: new Set(),
  };
  /** Called after every mark; persistence uses it to schedule a flush. */
  onDirty: () => void = () => {};

  /** Mark a row for write-through. */
  touch(kind: DirtyKind, key: string): void {
    this.dirty[kind].add(key);
    this.onDirty();
  }

  /** Number of dirty rows waiting for a flush. */
  dirtyCount(): number {
    let n = 0;
    for (const set of Object.values(this.dirty)) n += set.size;
    return n;
  }

  /** Rebuild the myRequests / mySlots indexes (after loading). */
  reindex(): void {
    this.myRequests.clear();
    this.mySlots.clear();
    for (const r of this.requests.values()) if (r.listed) this.listRequest(r, true);
    for (const s of this.slots.values()) if (s.listed) this.listSlot(s, true);
  }

  /** Add or remove a request from its client's myRequests. */
  listRequest(record: RequestRecord, listed: boolean): void {
    record.listed = listed;
    indexSet(this.myRequests, record.request.client, record.id, listed);
    this.touch('request', record.id);
  }

  /** Add or remove a slot from its host's mySlots. */
  listSlot(slot: SlotRecord, listed: boolean): void {
    slot.listed = listed;
    indexSet(this.mySlots, slot.host, slot.id, listed);
    this.touch('slot', slot.id);
  }
}

function indexSet(index: Map<Address, Set<string>>, owner: Address, id: string, add: boolean): void {
  let set = index.get(owner);
  if (add) {
    if (!set) index.set(owner, (set = new Set()));
    set.add(id);
  } else {
    set?.delete(id);
  }
}
