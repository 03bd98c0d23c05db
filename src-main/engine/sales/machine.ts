// A generic asynchronous state machine (docs/reference/sales.md §1). Events wait in a FIFO queue and are
// evaluated against the state that is current when they are dequeued; entering a state first
// cancels the running one and waits for it to settle, so two runs never overlap. A finished run
// moves the machine on only if it is still in that very state object: a later event may already
// have moved it, and a stale result must not undo that.
import { silentLogger, type Logger } from '../ports/logger';
import { TrackedTasks, type TrackedTask } from './tracked-tasks';

/** A state of a Machine: a name and the work done while the machine is in it. */
export interface State<Ctx, S> {
  /** Shown in logs and to the operator, e.g. "SalePreparing". */
  readonly name: string;
  /**
   * Does the state's work and returns the next state, or undefined to stay. The signal fires when
   * the machine leaves the state; the run should then settle promptly. A rejection becomes the
   * machine's errored state.
   */
  run(context: Ctx, signal: AbortSignal): Promise<S | undefined>;
}

/** An event: given the current state (undefined before start), the state to move to, or undefined to ignore it. */
export type MachineEvent<S> = (current: S | undefined) => S | undefined;

/** How a Machine is built. */
export interface MachineOptions<Ctx, S> {
  /** Builds the state entered when a run or an event throws; `from` is the state it threw in. */
  readonly errored: (error: unknown, from: S | undefined) => S;
  /** What runs receive; defaults to the machine itself, so subclasses can pass `this`. */
  readonly context?: Ctx;
  readonly logger?: Logger;
  /** Called each time the machine enters a state. */
  readonly onEnter?: (state: S, previous: S | undefined) => void;
}

/** A generic async state machine with a FIFO event queue and cancel-before-enter transitions. */
export class Machine<Ctx, S extends State<Ctx, S>> {
  private current: S | undefined;
  private readonly queue: MachineEvent<S>[] = [];
  private started = false;
  private stopping: Promise<void> | undefined;
  private readonly tasks = new TrackedTasks();
  private pumping = false;
  private running: TrackedTask | undefined;
  private readonly erroredStates = new WeakSet<S>();
  private readonly options: MachineOptions<Ctx, S>;
  private readonly logger: Logger;

  constructor(options: MachineOptions<Ctx, S>) {
    this.options = options;
    this.logger = options.logger ?? silentLogger;
  }

  /** The current state, or undefined before start and after stop. */
  get state(): S | undefined {
    return this.current;
  }

  /** Whether the machine accepts events. */
  get isStarted(): boolean {
    return this.started;
  }

  /**
   * Starts the machine and schedules the move into `initial`; a no-op when already started. While
   * a stop() is still settling, the start waits for it.
   */
  start(initial: S): void {
    if (this.stopping !== undefined) {
      void this.stopping.then(() => this.start(initial));
      return;
    }
    if (this.started) return;
    this.started = true;
    this.schedule(transition<S>(this.current, initial));
  }

  /** Appends an event to the queue; silently dropped when the machine is stopped. */
  schedule(event: MachineEvent<S>): void {
    if (!this.started) return;
    this.queue.push(event);
    this.drain();
  }

  /** Reads something from the current state; undefined when there is none. */
  query<T>(read: (state: S) => T): T | undefined {
    return this.current === undefined ? undefined : read(this.current);
  }

  /**
   * Stops accepting events, drops those still queued (a restarted machine must not see a
   * previous life's events), cancels the running state and the event loop and waits for both.
   */
  stop(): Promise<void> {
    if (this.stopping !== undefined) return this.stopping;
    if (!this.started) return Promise.resolve();
    this.started = false;
    this.queue.length = 0;
    this.stopping = this.tasks
      .cancelAll()
      .then(() => {
        this.current = undefined;
        this.running = undefined;
      })
      .finally(() => {
        this.stopping = undefined;
      });
    return this.stopping;
  }

  private drain(): void {
    if (this.pumping) return;
    this.pumping = true;
    this.tasks.run(
      async (signal) => {
        try {
          for (let event = this.queue.shift(); event !== undefined; event = this.queue.shift()) {
            await this.handle(event, signal);
            if (signal.aborted || !this.started) return;
          }
        } finally {
          this.pumping = false;
        }
      },
      (error) => this.logger.error('state machine event loop failed', { error }),
    );
  }

  private async handle(event: MachineEvent<S>, signal: AbortSignal): Promise<void> {
    let next: S | undefined;
    try {
      next = event(this.current);
    } catch (error) {
      next = this.erroredAfter(error, this.current);
    }
    if (next === undefined) return;
    await this.cancelRunning();
    if (signal.aborted || !this.started) return;
    const previous = this.current;
    this.current = next;
    this.logger.debug(`enter state ${previous?.name ?? 'none'} => ${next.name}`);
    this.options.onEnter?.(next, previous);
    this.launch(next);
  }

  private async cancelRunning(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running === undefined || !this.tasks.has(running)) return;
    running.cancel();
    await running.done;
  }

  private launch(state: S): void {
    const context = this.options.context ?? (this as unknown as Ctx);
    this.running = this.tasks.run(
      async (signal) => {
        let next: S | undefined;
        try {
          next = await state.run(context, signal);
        } catch (error) {
          if (signal.aborted) return;
          next = this.erroredAfter(error, state);
        }
        if (next !== undefined && !signal.aborted) this.schedule(transition(state, next));
      },
      (error) => this.logger.error('state run failed', { state: state.name, error }),
    );
  }

  private erroredAfter(error: unknown, from: S | undefined): S | undefined {
    // An errored state that throws itself must not loop into a fresh errored state forever.
    if (from !== undefined && this.erroredStates.has(from)) {
      this.logger.error(`${from.name} failed`, { error });
      return undefined;
    }
    this.logger.warn(`${from?.name ?? 'machine'} failed`, { error });
    const errored = this.options.errored(error, from);
    this.erroredStates.add(errored);
    return errored;
  }
}

/** The event a finished run schedules: it applies only while the machine is still in `from`. */
function transition<S>(from: S | undefined, to: S): MachineEvent<S> {
  return (current) => (current === from ? to : undefined);
}
