// A sales agent (docs/reference/sales.md §2.9): one state machine per slot, with the slot's data and an
// expiry watcher that tells the current state when the request expired unfilled. Sales forwards
// the market's RequestFailed and SlotFilled events to every agent; each acts only on its own slot.
import type { Address, RequestId, StorageRequest } from '../ports/market';
import type { Reservation } from '../ports/store';
import type { SlotQueueItem } from '../queue/slot-queue-item';
import type { SalesContext, SaleSlot } from './context';
import { errorMessage } from './errors';
import { Machine } from './machine';
import type { Sale, SalesData } from './sale';
import type { SaleRecorder } from './sale-recorder';
import { isCancellation, type SaleState } from './state';
import { SaleErrored } from './states/errored';
import { TrackedTasks, type TrackedTask } from './tracked-tasks';

/** How an agent is made. */
export interface AgentInit {
  readonly requestId: RequestId;
  readonly slotIndex: bigint;
  readonly request?: StorageRequest;
  readonly reservation?: Reservation;
  readonly slotQueueItem?: SlotQueueItem;
  readonly collateralPosted?: boolean;
}

/** One slot's sale: a state machine, its data, and its subscriptions. */
export class SalesAgent implements Sale {
  readonly data: SalesData;
  /** Called by terminal states: give back bytes and collateral, maybe re-queue, then remove the agent. */
  onCleanUp: (reprocessSlot: boolean, returnedCollateral?: bigint) => Promise<void> = async () => {};
  /** Called by SaleFilled once the slot is ours; frees the queue worker. */
  onFilled: ((request: StorageRequest, slotIndex: bigint) => void) | undefined;
  private readonly machine: Machine<SalesAgent, SaleState>;
  private readonly tasks = new TrackedTasks();
  private watcher: TrackedTask | undefined;
  private subscribed = false;
  private signerAddress: Address | undefined;

  constructor(
    readonly context: SalesContext,
    init: AgentInit,
    /** The sale's history and summary. */
    readonly record: SaleRecorder,
  ) {
    this.data = {
      requestId: init.requestId,
      slotIndex: init.slotIndex,
      slotId: context.market.slotId(init.requestId, init.slotIndex),
      request: init.request,
      reservation: init.reservation,
      slotQueueItem: init.slotQueueItem,
      collateralPosted: init.collateralPosted ?? false,
    };
    this.machine = new Machine<SalesAgent, SaleState>({
      context: this,
      logger: context.logger,
      errored: (error) => new SaleErrored(error),
      onEnter: (state) => this.record.entered(state.name, state.note, state.facts),
    });
  }

  /** The slot and its request, once the request is known. */
  get slot(): SaleSlot | undefined {
    const { request, requestId, slotIndex, slotId } = this.data;
    return request === undefined ? undefined : { request, requestId, slotIndex, slotId };
  }

  /** The running expiry watcher, if any (Codex's `cancelled` future). */
  get expiryWatcher(): TrackedTask | undefined {
    return this.watcher;
  }

  /** Name of the current state, or undefined when stopped. */
  state(): SaleState['name'] | undefined {
    return this.machine.query((state) => state.name);
  }

  /** The current state object (tests and reads). */
  get currentState(): SaleState | undefined {
    return this.machine.state;
  }

  /** Starts the machine in `initial`. */
  start(initial: SaleState): void {
    this.machine.start(initial);
  }

  /** Stops the machine (cancelling the running state), then the expiry watcher. */
  async stop(): Promise<void> {
    await this.machine.stop();
    await this.unsubscribe();
  }

  /** Same slot (Codex's agent equality). */
  equals(other: SalesAgent): boolean {
    return this.data.requestId === other.data.requestId && this.data.slotIndex === other.data.slotIndex;
  }

  /** This host's address, asked once. */
  async signer(): Promise<Address> {
    this.signerAddress ??= (await this.context.signer()).toLowerCase();
    return this.signerAddress;
  }

  /** Fetches the request when not known yet; it stays undefined when the market does not know it. */
  async retrieveRequest(): Promise<void> {
    this.data.request ??= await this.context.market.getRequest(this.data.requestId);
  }

  /** Starts the expiry watcher once (idempotent); a no-op while the request is unknown. */
  subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    const request = this.data.request;
    if (request === undefined) return;
    this.watcher = this.tasks.run(
      (signal) => this.watchExpiry(request, signal),
      (error) => this.context.logger.error('expiry watcher failed', { slotId: this.data.slotId, error }),
    );
  }

  /** Stops the expiry watcher and waits for it (idempotent). */
  async unsubscribe(): Promise<void> {
    await this.tasks.cancelAll();
    this.watcher = undefined;
    this.subscribed = false;
  }

  /** RequestFulfilled: the request can no longer expire, so stop watching. */
  onFulfilled(requestId: RequestId): void {
    if (requestId === this.data.requestId) this.watcher?.cancel();
  }

  /** RequestFailed: tell the current state, if this is our request. */
  onFailed(requestId: RequestId): void {
    const request = this.data.request;
    if (request === undefined || requestId !== this.data.requestId) return;
    this.machine.schedule((state) => state?.onFailed(request));
  }

  /** SlotFilled: tell the current state, if this is our slot. */
  onSlotFilled(requestId: RequestId, slotIndex: bigint): void {
    if (requestId !== this.data.requestId || slotIndex !== this.data.slotIndex) return;
    this.machine.schedule((state) => state?.onSlotFilled(requestId, slotIndex));
  }

  private async watchExpiry(request: StorageRequest, signal: AbortSignal): Promise<void> {
    const { market, clock, timings, logger } = this.context;
    const { requestId } = this.data;
    try {
      const expiry = await market.requestExpiresAt(requestId);
      for (;;) {
        // Past the expiry a request still New is polled: only the chain says it is Cancelled.
        await clock.waitUntil(Math.max(clock.now(), expiry) + timings.expiryPollSeconds, signal);
        const state = await market.requestState(requestId);
        if (signal.aborted) return;
        if (state === 'New') continue;
        if (state === undefined) logger.warn('request unknown to the market; expiry no longer watched', { requestId });
        if (state === 'Cancelled') this.machine.schedule((current) => current?.onCancelled(request));
        return;
      }
    } catch (error) {
      if (isCancellation(error, signal)) return;
      logger.warn('watching the request expiry failed', { requestId, error: errorMessage(error) });
    }
  }
}
