// Which slots the queue holds, by request and slot index: the duplicate check of every push and
// the deletes by request. It sits on the push path, where it cost about a quarter of the queue's
// time in the bench, so it does little there: each request keeps its entries in a plain array
// indexed by slot number (cheaper to make and probe than a Map), each entry points at its
// request's record (no lookup to add or remove it), and a record outlives its last entry until a
// sweep, because a request's slots come and go one at a time and an emptied record is often
// needed again soon.
import type { QueueEntry, RequestEntries } from './queue-entry';

/** Queued entries by request and slot index, for duplicate checks and deletes without scanning. */
export class SlotIndex {
  private readonly byRequest = new Map<string, RequestEntries>();
  /** Records with at least one entry. */
  private live = 0;

  /**
   * The record of a request, empty if none of its slots is queued. An empty record may be swept
   * by the next call, so add the entry made with it before asking for another.
   */
  request(requestId: string): RequestEntries {
    let request = this.byRequest.get(requestId);
    if (request === undefined) {
      // Empty records may pile up to the live ones plus a margin: sweeping is then O(1) a push.
      if (this.byRequest.size >= 2 * this.live + 64) this.sweep();
      request = { count: 0, slots: [] };
      this.byRequest.set(requestId, request);
    }
    return request;
  }

  /** The entry queued for a slot (its index as a number), if any. */
  get(requestId: string, index: number): QueueEntry | undefined {
    return this.byRequest.get(requestId)?.slots[index];
  }

  /** Records an entry under its slot, in the record it was made with. */
  add(entry: QueueEntry): void {
    const { request, index } = entry;
    if (request.slots[index] === undefined && request.count++ === 0) this.live++;
    request.slots[index] = entry;
  }

  /** Forgets an entry, if it is the one recorded for its slot. */
  remove(entry: QueueEntry): void {
    const { request, index } = entry;
    if (request.slots[index] !== entry) return;
    request.slots[index] = undefined;
    if (--request.count > 0) return;
    this.live--;
    // An emptied record is likely to be used again, and growing its array anew costs more than
    // keeping it (measured: about 8% of the bench's time); only long arrays are let go.
    if (request.slots.length > 256) request.slots.length = 0;
  }

  /** Every entry of a request. */
  ofRequest(requestId: string): QueueEntry[] {
    const slots = this.byRequest.get(requestId)?.slots ?? [];
    return slots.filter((entry) => entry !== undefined);
  }

  /** Forgets everything. */
  clear(): void {
    this.byRequest.clear();
    this.live = 0;
  }

  private sweep(): void {
    for (const [requestId, request] of this.byRequest) {
      if (request.count === 0) this.byRequest.delete(requestId);
    }
  }
}
