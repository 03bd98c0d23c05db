// The sales engine's facade (docs/reference/sales.md §2.2–2.8): restores the slots we hold after a restart,
// takes new slots through the slot queue's workers, runs one agent per slot, and cleans up after
// each sale so bytes and collateral go back to their availability. The operator can pause
// selling (no new slots; running sales continue); availabilities that gain room retry the queue.
import { silentAlerter, type Alerter } from '../ports/alerter';
import type { Clock } from '../ports/clock';
import type { SaleHistoryStore, SaleOutcome, SaleQuery, SaleRecord } from '../ports/history';
import { silentLogger, type Logger } from '../ports/logger';
import type { Address, Market, Slot, SlotId, Subscription } from '../ports/market';
import type { ProofSystem } from '../ports/proof-system';
import type { SlotDataSource } from '../ports/slot-data-source';
import type {
  Availability,
  AvailabilityPatch,
  Id,
  NewAvailability,
  Repo,
  Reservation,
  SalesStore,
} from '../ports/store';
import { defaultSalesTimings, type SalesTimings } from '../ports/timings';
import { SlotQueue } from '../queue/slot-queue';
import type { SlotQueueItem } from '../queue/slot-queue-item';
import { Reservations } from '../reservations/reservations';
import { SalesAgent } from './agent';
import type { OnProve, OnStore, SaleSlot, SalesContext } from './context';
import { errorMessage } from './errors';
import { SalesEvents, type QueueSnapshot, type SalesListener } from './events';
import { requeueOpenRequests, subscribeToMarket } from './market-events';
import { SaleCleanUp } from './sale-clean-up';
import { SaleRecorder } from './sale-recorder';
import { SaleRecovery } from './sale-recovery';
import { SalesReads, type Earnings, type SaleDetail } from './sales-reads';
import { SlotData } from './slot-data';
import { SalePreparing } from './states/preparing';
import { SaleUnknown } from './states/unknown';
import { TrackedTasks } from './tracked-tasks';

/** The ports Sales needs. */
export interface SalesDependencies {
  readonly market: Market;
  readonly clock: Clock;
  readonly store: SalesStore;
  readonly repo: Repo;
  /** Where slot data is downloaded from. */
  readonly dataSource: SlotDataSource;
  /** Checks slot data against requests and proves it is kept. */
  readonly proofSystem: ProofSystem;
  readonly history: SaleHistoryStore;
  /** Share the api's Reservations so its availability changes retry the queue; made from store and repo when absent. */
  readonly reservations?: Reservations;
}

/** Optional settings, each with Codex's default. */
export interface SalesOptions {
  readonly timings?: Partial<SalesTimings>;
  readonly logger?: Logger;
  /** Slot queue size (default 128) and workers (default 3). */
  readonly queue?: { readonly maxSize?: number; readonly maxWorkers?: number };
  /** Randomness for the order of a request's slots (default Math.random). */
  readonly random?: () => number;
  /** Submit every n-th proof invalid (0 = off). */
  readonly simulateProofFailures?: number;
  /** Replace the default download into the repo (tests). */
  readonly onStore?: OnStore;
  /** Replace the default proofs from the repo (tests). */
  readonly onProve?: OnProve;
  readonly onExpiryUpdate?: SalesContext['onExpiryUpdate'];
  readonly onClear?: (slot: SaleSlot) => void;
  /** Told when a slot was won (Codex's onSale). */
  readonly onSale?: (slot: SaleSlot) => void;
  /** Start with selling paused. */
  readonly sellingPaused?: boolean;
  /** Where problems the operator must act on are raised (default: dropped). */
  readonly alerter?: Alerter;
}

/** The sales engine. */
export class Sales {
  /** Availabilities and reservations, shared with the api. */
  readonly reservations: Reservations;
  readonly queue: SlotQueue;
  readonly context: SalesContext;
  private readonly deps: SalesDependencies;
  private readonly options: SalesOptions;
  private readonly timings: SalesTimings;
  private readonly logger: Logger;
  private readonly events: SalesEvents;
  private readonly tasks = new TrackedTasks();
  private readonly reads: SalesReads;
  private readonly recovery: SaleRecovery;
  private readonly cleanUps: SaleCleanUp;
  /** One agent per slot being sold (several for one slot only while an old sale winds down). */
  private readonly agents: SalesAgent[] = [];
  private subscriptions: Subscription[] = [];
  private stopAvailabilityHook: (() => void) | undefined;
  private running = false;
  private paused: boolean;
  private queueChangePending = false;

  constructor(deps: SalesDependencies, options: SalesOptions = {}) {
    const logger = options.logger ?? silentLogger;
    const events = new SalesEvents(logger);
    this.deps = deps;
    this.options = options;
    this.logger = logger;
    this.events = events;
    this.paused = options.sellingPaused ?? false;
    this.reservations = deps.reservations ?? new Reservations(deps.store, deps.repo, logger);
    const timings = { ...defaultSalesTimings, ...options.timings };
    this.timings = timings;
    const { market, clock, repo, history, dataSource, proofSystem } = deps;
    const slotData = new SlotData({ dataSource, proofSystem, repo, timings, logger });
    this.reads = new SalesReads(history, () => this.agents);
    this.recovery = new SaleRecovery({ market, repo, history, clock, reservations: this.reservations, events });
    this.cleanUps = new SaleCleanUp({
      repo,
      reservations: this.reservations,
      slotData,
      events,
      clock,
      logger,
      requeue: (item) => this.push(item),
    });
    this.queue = new SlotQueue({
      ...options.queue,
      logger,
      onChange: () => this.queueChanged(),
    });
    let signer: Promise<Address> | undefined;
    this.context = {
      market,
      clock,
      reservations: this.reservations,
      timings,
      logger,
      events,
      alerter: options.alerter ?? silentAlerter,
      onStore: options.onStore ?? slotData.store,
      onProve: options.onProve ?? slotData.prove,
      ...(options.onExpiryUpdate ? { onExpiryUpdate: options.onExpiryUpdate } : {}),
      ...(options.onClear ? { onClear: options.onClear } : {}),
      simulateProofFailures: options.simulateProofFailures ?? 0,
      invalidProof: () => proofSystem.invalidProof(),
      signer: () => (signer ??= market.getSigner()),
    };
  }

  /** Subscribes to the engine's domain events; returns the unsubscribe function. */
  on(listener: SalesListener): () => void {
    return this.events.on(listener);
  }

  /** Whether start() ran and stop() did not. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Whether the operator paused selling. */
  get sellingPaused(): boolean {
    return this.paused;
  }

  /**
   * Restores the slots we hold (each in SaleUnknown, its reservation re-attached), drops
   * reservations and data of sales that did not survive, starts the queue, then subscribes.
   */
  async start(): Promise<void> {
    if (this.running) return;
    for (const held of await this.recovery.restore(await this.activeSlots())) {
      const { slot, requestId, reservation, record } = held;
      const init = { requestId, slotIndex: slot.slotIndex, request: slot.request, collateralPosted: true };
      const agent = new SalesAgent(this.context, reservation ? { ...init, reservation } : init, record);
      agent.onCleanUp = (reprocessSlot, returnedCollateral) => this.cleanUp(agent, reprocessSlot, returnedCollateral);
      this.agents.push(agent);
      agent.start(new SaleUnknown());
    }
    this.queue.onProcessSlot = (item, signal) => this.processSlot(item, signal);
    this.queue.start();
    this.stopAvailabilityHook = this.reservations.onAvailabilitySaved((availability) =>
      this.availabilitySaved(availability),
    );
    const target = {
      market: this.deps.market,
      queue: this.queue,
      logger: this.logger,
      tasks: this.tasks,
      random: this.options.random ?? Math.random,
      agents: () => this.agents,
      push: (item: SlotQueueItem) => this.push(item),
    };
    this.subscriptions = subscribeToMarket(target);
    this.running = true;
    this.tasks.run(
      async () => {
        const queued = await requeueOpenRequests(target, this.deps.clock.now(), this.timings.requeueLookbackSeconds);
        if (queued > 0) this.logger.info('queued again the slots of requests still open', { slots: queued });
      },
      (error) => this.logger.warn('could not look back for open requests', { error: errorMessage(error) }),
    );
  }

  /** Stops the queue, the subscriptions and every agent; persisted state lets start() resume. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.queue.stop();
    for (const subscription of this.subscriptions.splice(0)) {
      try {
        subscription.unsubscribe();
      } catch (error) {
        this.logger.warn('unsubscribing failed', { error: errorMessage(error) });
      }
    }
    this.stopAvailabilityHook?.();
    await this.tasks.cancelAll();
    await Promise.all(this.agents.map((agent) => agent.stop()));
    this.agents.length = 0;
  }

  /** Takes no new slots; running sales continue. Slots keep arriving in the queue, held. */
  pauseSelling(): void {
    if (this.paused) return;
    this.paused = true;
    this.queue.pause();
    this.queueChanged();
  }

  /** Takes slots again, retrying every waiting one. */
  resumeSelling(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.queue.running) this.queue.retrySeenItems();
    else this.queue.unpause();
    this.queueChanged();
  }

  /** Creates an availability; the queue retries its waiting slots. */
  createAvailability(input: NewAvailability): Availability {
    const availability = this.reservations.createAvailability(input);
    this.events.emit({ type: 'availability-changed', availability });
    return availability;
  }

  /** Changes an availability (new terms apply to new slots); re-enabling or growing one retries the queue. */
  updateAvailability(id: Id, patch: AvailabilityPatch): Availability {
    const availability = this.reservations.updateAvailability(id, patch);
    this.events.emit({ type: 'availability-changed', availability });
    return availability;
  }

  /** Every availability. */
  availabilities(): Availability[] {
    return this.reservations.listAvailabilities();
  }

  /** Every reservation, or one availability's. */
  reservationsOf(availabilityId?: Id): Reservation[] {
    return this.reservations.listReservations(availabilityId);
  }

  /** The queue as the dashboard shows it. */
  queueSnapshot(): QueueSnapshot {
    return {
      paused: this.queue.paused || this.paused,
      sellingPaused: this.paused,
      workers: this.queue.maxWorkers,
      processing: this.queue.processing,
      items: this.queue.items(),
    };
  }

  /** The live agents. */
  get activeAgents(): readonly SalesAgent[] {
    return this.agents;
  }

  /** The first agent handling the slot, in any state (REST GET /sales/slots/{slotId}). */
  activeSale(slotId: SlotId): SalesAgent | undefined {
    return this.reads.activeSale(slotId);
  }

  /** Sale summaries, newest first; running sales carry their live values. */
  sales(query?: SaleQuery): SaleRecord[] {
    return this.reads.sales(query);
  }

  /** The newest sale of a slot, with its timeline. */
  sale(slotId: SlotId): SaleDetail | undefined {
    return this.reads.sale(slotId);
  }

  /** One sale by id, with its timeline. */
  saleById(id: number): SaleDetail | undefined {
    return this.reads.saleById(id);
  }

  /** Outcomes, newest first. */
  recentOutcomes(limit: number): SaleOutcome[] {
    return this.reads.recentOutcomes(limit);
  }

  /** Paid so far, expected from the slots we hold, and collateral locked. */
  earnings(): Earnings {
    return this.reads.earnings();
  }

  /** The slots this host holds on chain (REST GET /sales/slots). */
  async activeSlots(): Promise<Slot[]> {
    const { market } = this.deps;
    const slots: Slot[] = [];
    for (const slotId of await market.mySlots()) {
      try {
        const slot = await market.getActiveSlot(slotId);
        if (slot !== undefined) slots.push(slot);
      } catch (error) {
        this.logger.warn('could not read an active slot', { slotId, error: errorMessage(error) });
      }
    }
    return slots;
  }

  /** An enabled availability gained room: retry every seen slot, unless selling is paused. */
  private availabilitySaved(availability: Availability): void {
    if (availability.enabled && !this.paused) this.queue.retrySeenItems();
  }

  private push(item: SlotQueueItem): void {
    // While paused, slots wait as seen so that pushing them does not wake the workers.
    const held = this.paused ? { ...item, seen: true } : item;
    try {
      this.queue.push(held);
    } catch (error) {
      this.logger.debug('slot not queued', {
        requestId: item.requestId,
        slotIndex: item.slotIndex,
        error: errorMessage(error),
      });
    }
  }

  /** A worker's job (§2.6): busy from SalePreparing until the slot is ours or the sale cleaned up. */
  private async processSlot(item: SlotQueueItem, signal: AbortSignal): Promise<void> {
    const { clock, history } = this.deps;
    const record = SaleRecorder.create(history, this.events, clock, {
      slotId: this.deps.market.slotId(item.requestId, item.slotIndex),
      requestId: item.requestId,
      slotIndex: item.slotIndex,
      state: 'SalePreparing',
      slotSize: item.slotSize,
      duration: item.duration,
      pricePerBytePerSecond: item.pricePerBytePerSecond,
      collateral: item.collateral,
      downloadedBytes: 0n,
      startedAt: clock.now(),
      expiresAt: item.expiry,
      proofs: { required: 0, submitted: 0, missed: 0 },
    });
    const agent = new SalesAgent(
      this.context,
      { requestId: item.requestId, slotIndex: item.slotIndex, slotQueueItem: item },
      record,
    );
    await new Promise<void>((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      // A stopped worker stops waiting; the agent runs on until Sales stops it.
      signal.addEventListener('abort', done);
      agent.onCleanUp = async (reprocessSlot, returnedCollateral) => {
        await this.cleanUp(agent, reprocessSlot, returnedCollateral);
        done();
      };
      agent.onFilled = () => {
        const slot = agent.slot;
        if (slot !== undefined) this.options.onSale?.(slot);
        done();
      };
      this.agents.push(agent);
      agent.start(new SalePreparing());
    });
  }

  private async cleanUp(agent: SalesAgent, reprocessSlot: boolean, returnedCollateral?: bigint): Promise<void> {
    await this.cleanUps.run(agent, reprocessSlot, returnedCollateral);
    // Not awaited: stopping the agent cancels the state that called this clean-up (Codex #1234).
    this.tasks.run(
      async () => {
        await agent.stop();
        const index = this.agents.indexOf(agent);
        if (this.running && index >= 0) this.agents.splice(index, 1);
      },
      (error) => this.logger.error('removing a finished agent failed', { error: errorMessage(error) }),
    );
  }

  private queueChanged(): void {
    // Coalesced: a burst of pushes is one dashboard update.
    if (this.queueChangePending || !this.events.listened) return;
    this.queueChangePending = true;
    queueMicrotask(() => {
      this.queueChangePending = false;
      // The snapshot sorts every waiting slot: built only if a listener reads it, once.
      let snapshot: QueueSnapshot | undefined;
      const read = (): QueueSnapshot => (snapshot ??= this.queueSnapshot());
      this.events.emit({
        type: 'queue-changed',
        get queue(): QueueSnapshot {
          return read();
        },
      });
    });
  }
}
