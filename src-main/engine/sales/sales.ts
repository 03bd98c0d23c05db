// The sales engine's facade (docs/reference/sales.md §2.2–2.8): restores the slots we hold after a restart,
// takes new slots through the slot queue's workers, runs one agent per slot, and cleans up after
// each sale so bytes and collateral go back to their availability. The operator can pause
// selling (no new slots; running sales continue); availabilities that gain room retry the queue.
// While the proof system cannot prove (proofs-gate.ts) the queue is held the same way, with the
// reason in the queue snapshot: slots keep arriving and wait, none is reserved.
import { silentAlerter, type Alerter } from '../ports/alerter';
import type { Clock } from '../ports/clock';
import type { SaleHistoryStore, SaleOutcome, SaleQuery, SaleRecord } from '../ports/history';
import { silentLogger, type Logger } from '../ports/logger';
import type { Address, Market, Slot, SlotId, Subscription } from '../ports/market';
import type { ProofReadiness, ProofSystem } from '../ports/proof-system';
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
import { SlotQueue, type SlotInProgress } from '../queue/slot-queue';
import type { SlotQueueItem } from '../queue/slot-queue-item';
import { Reservations } from '../reservations/reservations';
import { SalesAgent } from './agent';
import type { OnProve, OnStore, SaleSlot, SalesContext } from './context';
import { errorMessage } from './errors';
import { SalesEvents, type QueueSnapshot, type SalesListener } from './events';
import { HistoryWriter } from './history-writer';
import { requeueOpenRequests, subscribeToMarket } from './market-events';
import { SaleCleanUp } from './sale-clean-up';
import { ProofPacing } from './proof-pacing';
import { SaleRecorder } from './sale-recorder';
import { SaleRecovery } from './sale-recovery';
import { Semaphore } from './semaphore';
import { SalesReads, type Earnings, type SaleDetail } from './sales-reads';
import { SlotData } from './slot-data';
import { SalePreparing } from './states/preparing';
import { SaleUnknown } from './states/unknown';
import { PROOFS_RECHECK_MS, ProofsGate } from './proofs-gate';
import { DiskGate, DISK_RECHECK_MS } from './disk-gate';
import { resolveDataFolderUnwritable } from '../alerts/health-alerts';
import type { StorageFaultError } from '../errors';
import { TrackedTasks } from './tracked-tasks';

/** Sales taken from the queue and not yet filled, at most, unless told otherwise. */
const DEFAULT_MAX_IN_PROGRESS = 32;

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
  /**
   * Slot queue size (default 128), workers deciding slots (default 3), and sales in progress between
   * taking a slot and filling it (default 32, at least the workers): the bound that keeps a burst of
   * slots from taking more than the host can download and prove in time.
   */
  readonly queue?: { readonly maxSize?: number; readonly maxWorkers?: number; readonly maxInProgress?: number };
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
  /** Runs work at the end of the event-loop turn, where the history's writes are batched (default setImmediate). */
  readonly defer?: (work: () => void) => void;
  /** Where problems the operator must act on are raised (default: dropped). */
  readonly alerter?: Alerter;
  /** Wall-clock ms between checks of the proof system's readiness (default 30 s; 0: only on its changes). */
  readonly proofsRecheckMs?: number;
  /** Wall-clock ms between checks of a data folder that refused a write (default 30 s). */
  readonly diskRecheckMs?: number;
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
  /** The sale history's writes, batched per event-loop turn and per period. */
  private readonly writer: HistoryWriter;
  private readonly proofsGate: ProofsGate;
  private readonly diskGate: DiskGate;
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
    const alerter = options.alerter ?? silentAlerter;
    const slotData = new SlotData({ dataSource, proofSystem, repo, timings, logger });
    this.writer = new HistoryWriter(history, { clock, logger, ...(options.defer ? { defer: options.defer } : {}) });
    this.reads = new SalesReads(
      history,
      () => this.agents,
      () => this.writer.flush(),
    );
    this.recovery = new SaleRecovery({
      market,
      repo,
      history,
      writes: this.writer,
      clock,
      reservations: this.reservations,
      events,
      alerter,
      logger,
    });
    this.cleanUps = new SaleCleanUp({
      repo,
      reservations: this.reservations,
      slotData,
      events,
      clock,
      logger,
      requeue: (item) => this.push(item),
    });
    const maxWorkers = options.queue?.maxWorkers ?? 3;
    this.proofsGate = new ProofsGate({
      proofSystem,
      logger,
      recheckMs: options.proofsRecheckMs ?? PROOFS_RECHECK_MS,
      onChange: (readiness) => this.proofsChanged(readiness),
    });
    this.diskGate = new DiskGate({
      repo,
      logger,
      recheckMs: options.diskRecheckMs ?? DISK_RECHECK_MS,
      onChange: (fault) => this.diskChanged(fault),
    });
    this.queue = new SlotQueue({
      ...options.queue,
      maxWorkers,
      maxInProgress: options.queue?.maxInProgress ?? Math.max(maxWorkers, DEFAULT_MAX_IN_PROGRESS),
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
      alerter,
      onStore: options.onStore ?? slotData.store,
      canRepair: dataSource.canRepair,
      onStorageFault: (fault) => this.diskGate.report(fault),
      onProve: options.onProve ?? slotData.prove,
      proofs: new Semaphore(timings.maxConcurrentProofs),
      pacing: new ProofPacing(alerter, logger),
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

  /** Whether the proof system can prove now (as last checked); selling is held while it cannot. */
  proofReadiness(): ProofReadiness {
    return this.proofsGate.current;
  }

  /**
   * Restores the slots we hold (each in SaleUnknown, its reservation re-attached), drops
   * reservations and data of sales that did not survive, starts the queue, then subscribes.
   */
  async start(): Promise<void> {
    if (this.running) return;
    // Known before the queue starts, so no slot is taken in the moment before the first answer.
    await this.proofsGate.start();
    this.writer.open();
    const recovered = await this.recovery.restore(await this.activeSlots());
    for (const held of recovered.held) {
      const { slot, requestId, reservation, record, dataKey } = held;
      const init = { requestId, slotIndex: slot.slotIndex, request: slot.request, collateralPosted: true };
      const where = reservation ? { reservation } : dataKey ? { dataKey } : {};
      const agent = new SalesAgent(this.context, { ...init, ...where }, record);
      agent.onCleanUp = (reprocessSlot, returnedCollateral) => this.cleanUp(agent, reprocessSlot, returnedCollateral);
      this.agents.push(agent);
      agent.start(new SaleUnknown());
    }
    for (const { reservation, record } of recovered.interrupted) {
      const init = { requestId: reservation.requestId, slotIndex: reservation.slotIndex, reservation, resumed: true };
      const agent = new SalesAgent(this.context, init, record);
      agent.onCleanUp = (reprocessSlot, returnedCollateral) => this.cleanUp(agent, reprocessSlot, returnedCollateral);
      agent.onFilled = () => {
        const filled = agent.slot;
        if (filled !== undefined) this.options.onSale?.(filled);
      };
      this.agents.push(agent);
      agent.start(new SalePreparing());
    }
    // What recovery closed and restored is on disk before anything else happens.
    this.writer.flush();
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
    this.proofsGate.stop();
    this.diskGate.stop();
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
    this.writer.close();
  }

  /** Takes no new slots; running sales continue. Slots keep arriving in the queue, held. */
  pauseSelling(): void {
    if (this.paused) return;
    this.paused = true;
    this.queue.pause();
    this.queueChanged();
  }

  /** Takes slots again, retrying every waiting one (once proofs can be made). */
  resumeSelling(): void {
    if (!this.paused) return;
    this.paused = false;
    if (!this.proofsGate.current.ready) this.queueChanged();
    else if (this.queue.running) this.queue.retrySeenItems();
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

  /** Deletes an availability that holds no slot (AvailabilityInUseError otherwise). */
  deleteAvailability(id: Id): void {
    this.reservations.deleteAvailability(id);
    this.events.emit({ type: 'availability-removed', availabilityId: id });
  }

  /** Every availability. */
  /** Writes the history's batched changes now, so a read of the database sees every change told so far. */
  flushHistory(): void {
    this.writer.flush();
  }

  availabilities(): Availability[] {
    return this.reservations.listAvailabilities();
  }

  /** Every reservation, or one availability's. */
  reservationsOf(availabilityId?: Id): Reservation[] {
    return this.reservations.listReservations(availabilityId);
  }

  /** The queue as the dashboard shows it. */
  queueSnapshot(): QueueSnapshot {
    const proofs = this.proofsGate.current;
    return {
      paused: this.queue.paused || this.holding,
      sellingPaused: this.paused,
      ...(proofs.ready ? {} : { heldReason: proofs.reason }),
      ...(proofs.ready && this.diskGate.fault ? { heldReason: this.diskGate.fault.message } : {}),
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

  /** The operator paused selling, or proofs cannot be made: no slot is taken. */
  private get holding(): boolean {
    return this.paused || !this.proofsGate.current.ready || this.diskGate.fault !== undefined;
  }

  /** An enabled availability gained room: retry every seen slot, unless selling is held. */
  private availabilitySaved(availability: Availability): void {
    if (availability.enabled && !this.holding) this.queue.retrySeenItems();
  }

  /** The proof system's answer changed: hold the queue, or retry every waiting slot. */
  private proofsChanged(readiness: ProofReadiness): void {
    if (!readiness.ready) this.queue.pause();
    else if (!this.paused && this.queue.running) this.queue.retrySeenItems();
    this.events.emit({ type: 'proofs-readiness-changed', readiness });
    this.queueChanged();
  }

  /** The data folder refused a write (hold the queue, told by the alert) or takes writes again. */
  private diskChanged(fault: StorageFaultError | undefined): void {
    if (fault !== undefined) this.queue.pause();
    else {
      resolveDataFolderUnwritable(this.context.alerter);
      if (!this.holding && this.queue.running) this.queue.retrySeenItems();
    }
    this.queueChanged();
  }

  private push(item: SlotQueueItem): void {
    // While held, slots wait as seen so that pushing them does not wake the workers.
    const held = this.holding ? { ...item, seen: true } : item;
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

  /**
   * A worker's job (§2.6, changed): it decides (SalePreparing, SaleSlotReserving) and is free once the
   * slot is reserved; the slot stays in progress until it is filled or the sale cleaned up.
   */
  private async processSlot(item: SlotQueueItem, signal: AbortSignal): Promise<SlotInProgress | void> {
    // Asked again per slot: files removed since the last check must not cost a reservation.
    if (!(await this.proofsGate.check()).ready || this.diskGate.fault !== undefined) {
      if (!signal.aborted) this.push({ ...item, seen: true });
      return;
    }
    const { clock } = this.deps;
    const record = SaleRecorder.create(this.writer, this.events, clock, {
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
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    return new Promise<SlotInProgress>((release) => {
      const free = (): void => {
        signal.removeEventListener('abort', stopped);
        release({ settled });
      };
      // A stopped worker stops waiting; the agent runs on until Sales stops it.
      const stopped = (): void => {
        settle();
        free();
      };
      signal.addEventListener('abort', stopped);
      agent.onReserved = free;
      agent.onCleanUp = async (reprocessSlot, returnedCollateral) => {
        await this.cleanUp(agent, reprocessSlot, returnedCollateral);
        stopped();
      };
      agent.onFilled = () => {
        const slot = agent.slot;
        if (slot !== undefined) this.options.onSale?.(slot);
        stopped();
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
