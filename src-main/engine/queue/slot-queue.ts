// The slot queue (docs/reference/sales.md §5): slots of storage requests waiting to be considered, handed
// to at most maxWorkers concurrent workers in priority order. It starts paused; a worker that
// pops a seen slot (one that found no availability) pauses it, because everything behind a seen
// slot is seen too. A full queue evicts its lowest-priority slot, which may be the one just pushed.
import { InvalidArgumentError, QueueNotRunningError, SlotQueueItemExistsError } from '../errors';
import { silentLogger, type Logger } from '../ports/logger';
import type { Id, SlotRef } from '../ports/store';
import { TrackedTasks } from '../sales/tracked-tasks';
import { DoubleEndedHeap } from './double-ended-heap';
import { ahead, queueEntry, type QueueEntry } from './queue-entry';
import { SlotIndex } from './slot-index';
import type { SlotQueueItem } from './slot-queue-item';

/** Processes one slot; resolves when the worker may take the next (the slot is filled or given up). */
export type ProcessSlot = (item: SlotQueueItem, signal: AbortSignal) => Promise<void>;

/** How a SlotQueue is built; every field has Codex's default. */
export interface SlotQueueOptions {
  /** Most slots kept waiting (default 128, at most 65535). */
  readonly maxSize?: number;
  /** Most slots processed at once (default 3, at most maxSize). */
  readonly maxWorkers?: number;
  readonly onProcessSlot?: ProcessSlot;
  readonly logger?: Logger;
  /** Called after anything a dashboard would show changed: items, pause, processing count. */
  readonly onChange?: () => void;
}

/** Slots waiting for sale, processed by a bounded pool of workers in priority order. */
export class SlotQueue {
  /** Most slots kept waiting. */
  readonly size: number;
  /** Most slots processed at once. */
  readonly maxWorkers: number;
  /** What a worker does with a slot; replaceable until the queue runs. */
  onProcessSlot: ProcessSlot;
  private readonly heap = new DoubleEndedHeap<QueueEntry>(ahead);
  private readonly bySlot = new SlotIndex();
  private readonly workers = new TrackedTasks();
  private readonly waiters = new Set<() => void>();
  private readonly logger: Logger;
  private readonly onChange: () => void;
  private seq = 0;
  private isRunning = false;
  private isPaused = true;
  private busy = 0;
  private stopping: Promise<void> | undefined;

  constructor(options: SlotQueueOptions = {}) {
    const maxSize = options.maxSize ?? 128;
    const maxWorkers = options.maxWorkers ?? 3;
    if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > 65_535) {
      throw new InvalidArgumentError('maxSize must be an integer from 1 to 65535');
    }
    if (!Number.isInteger(maxWorkers) || maxWorkers <= 0) throw new InvalidArgumentError('maxWorkers must be positive');
    if (maxWorkers > maxSize) throw new InvalidArgumentError('maxWorkers must be less than maxSize');
    this.size = maxSize;
    this.maxWorkers = maxWorkers;
    this.logger = options.logger ?? silentLogger;
    this.onChange = options.onChange ?? (() => {});
    this.onProcessSlot =
      options.onProcessSlot ??
      (async (item) => this.logger.error('slot queue has no onProcessSlot; slot skipped', { item }));
  }

  /** Whether workers are taking slots. */
  get running(): boolean {
    return this.isRunning;
  }

  /** Whether workers are holding back. */
  get paused(): boolean {
    return this.isPaused;
  }

  /** Number of slots waiting. */
  get length(): number {
    return this.heap.size;
  }

  /** Number of slots workers are processing now. */
  get processing(): number {
    return this.busy;
  }

  /** Starts maxWorkers workers; a no-op when running. The queue stays paused until unpaused. */
  start(): void {
    if (this.stopping !== undefined) {
      void this.stopping.then(() => this.start());
      return;
    }
    if (this.isRunning) return;
    this.isRunning = true;
    for (let i = 0; i < this.maxWorkers; i++) {
      this.workers.run(
        (signal) => this.work(signal),
        (error) => this.logger.error('slot queue worker stopped', { error }),
      );
    }
  }

  /** Stops the workers, cancelling slots in process, and waits for them; waiting slots stay. */
  stop(): Promise<void> {
    if (this.stopping !== undefined) return this.stopping;
    if (!this.isRunning) return Promise.resolve();
    this.isRunning = false;
    this.wake();
    this.stopping = this.workers.cancelAll().finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  /** Holds the workers back after the slot each is processing. */
  pause(): void {
    if (this.isPaused) return;
    this.isPaused = true;
    this.onChange();
  }

  /** Lets the workers take slots again. */
  unpause(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.wake();
    this.onChange();
  }

  /**
   * Queues a slot; returns the slot evicted to stay within size (possibly this one), if any.
   * An unseen slot unpauses the queue. Throws when not running or when the slot is already queued.
   */
  push(item: SlotQueueItem): SlotQueueItem | undefined {
    if (!this.isRunning) throw new QueueNotRunningError('The slot queue is not running; start it before pushing slots');
    // Number(bigint) costs as much as a Map lookup here, so the index is converted once per push.
    const index = Number(item.slotIndex);
    const request = this.bySlot.request(item.requestId);
    if (request.slots[index] !== undefined) {
      throw new SlotQueueItemExistsError(`Slot ${item.slotIndex} of request ${item.requestId} is already queued`);
    }
    const entry = queueEntry(item, this.seq++, request, index);
    let evicted: QueueEntry | undefined;
    if (this.heap.size < this.size) {
      this.heap.push(entry);
      this.bySlot.add(entry);
    } else if (ahead(entry, this.heap.peekWorst()!)) {
      evicted = this.heap.replaceWorst(entry)!;
      this.bySlot.remove(evicted);
      this.bySlot.add(entry);
    } else {
      // It would be the first to go: evict it without letting it in.
      evicted = entry;
    }
    if (!item.seen && this.isPaused) this.isPaused = false;
    this.wake();
    this.onChange();
    return evicted?.item;
  }

  /** Takes the highest-priority slot out of the queue without processing it; workers take slots the same way. */
  pop(): SlotQueueItem | undefined {
    const entry = this.heap.popBest();
    if (entry === undefined) return undefined;
    this.bySlot.remove(entry);
    this.onChange();
    return entry.item;
  }

  /** Whether the slot is waiting in the queue. */
  contains(slot: SlotRef): boolean {
    return this.bySlot.get(slot.requestId, Number(slot.slotIndex)) !== undefined;
  }

  /** Removes one slot if it is waiting. */
  deleteSlot(requestId: Id, slotIndex: bigint): void {
    const entry = this.bySlot.get(requestId, Number(slotIndex));
    if (entry === undefined) return;
    this.bySlot.remove(entry);
    this.heap.remove(entry);
    this.onChange();
  }

  /** Removes every waiting slot of a request. */
  deleteRequest(requestId: Id): void {
    const doomed = this.bySlot.ofRequest(requestId);
    for (const entry of doomed) {
      this.bySlot.remove(entry);
      this.heap.remove(entry);
    }
    if (doomed.length > 0) this.onChange();
  }

  /** Marks every waiting slot unseen again, so all are retried. */
  clearSeenFlags(): void {
    if (this.heap.size === 0) return;
    const old = this.heap.entries();
    this.bySlot.clear();
    const entries = old.map((entry) => {
      const item = { ...entry.item, seen: false };
      const fresh = queueEntry(item, entry.seq, this.bySlot.request(item.requestId), entry.index);
      this.bySlot.add(fresh);
      return fresh;
    });
    this.heap.reset(entries);
    this.onChange();
  }

  /** An availability gained room: retry every waiting slot. */
  retrySeenItems(): void {
    this.clearSeenFlags();
    this.unpause();
  }

  /** The waiting slots, highest priority first. */
  items(): SlotQueueItem[] {
    return [...this.heap.entries()].sort((a, b) => (ahead(a, b) ? -1 : 1)).map((entry) => entry.item);
  }

  /** The waiting slots as text, highest priority first; "[]" when empty. */
  toString(): string {
    return `[${this.items()
      .map((item) => `${item.requestId}/${item.slotIndex}${item.seen ? ' (seen)' : ''}`)
      .join(', ')}]`;
  }

  private async work(signal: AbortSignal): Promise<void> {
    for (;;) {
      const item = await this.next(signal);
      if (item === undefined) return;
      if (item.seen) {
        // Everything left is seen too: wait for new slots or more room before looking again.
        this.pause();
        if (!this.contains(item)) this.push(item);
        continue;
      }
      this.busy++;
      this.onChange();
      try {
        await this.onProcessSlot(item, signal);
      } catch (error) {
        if (!signal.aborted) this.logger.error('processing a slot failed', { item, error });
      } finally {
        this.busy--;
        this.onChange();
      }
    }
  }

  private async next(signal: AbortSignal): Promise<SlotQueueItem | undefined> {
    for (;;) {
      if (!this.isRunning || signal.aborted) return undefined;
      if (!this.isPaused && this.heap.size > 0) return this.pop();
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.waiters.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.waiters.add(done);
        signal.addEventListener('abort', done);
      });
    }
  }

  private wake(): void {
    if (this.waiters.size === 0) return;
    for (const waiter of [...this.waiters]) waiter();
  }
}
