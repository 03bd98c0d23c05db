// The simulated chain's clock: integer seconds and a block counter. In manual mode time moves only
// when a test advances it, and every timer due on the way fires at its own instant, in order, with
// the event loop settled in between, so what the engine does at expiresAt+1 happens before time moves
// on. In real-time mode chain time is wall time × speed, and advancing jumps ahead.
import { type Clock, ClockAbortedError, type Seconds } from '../../engine/index';

/** How the clock moves. */
export interface ChainClockOptions {
  /** 'manual' for tests (advanceTime/advanceTo), 'realtime' for the app. */
  mode: 'manual' | 'realtime';
  /** Chain time at the start. Default: wall time in realtime mode, 1_700_000_000 in manual mode. */
  start?: Seconds;
  /** Chain seconds per wall second in realtime mode. Default 1. */
  speed?: number;
  /** Seconds per block. Default 2 (so 120 s periods stay shorter than 64 downtime blocks). */
  blockTime?: number;
  /** The chain's origin, restored from persisted state. */
  genesis?: { time: Seconds; block: number };
  /** Macrotask turns given to the event loop after each timer fires in manual mode. Default 3. */
  settleTurns?: number;
}

interface Timer {
  time: Seconds;
  seq: number;
  fire: () => void;
}

/** Blocks before genesis: the contract needs block.number > 256 to read blockhash(block − 1 − pointer). */
export const GENESIS_BLOCK = 300;

/**
 * The longest a settle waits for the simulator and engine to go idle, in wall milliseconds: long
 * enough for a client hashing its content on a loaded machine, short enough that a never-idle
 * actor cannot hang the clock.
 */
const SETTLE_LIMIT_MS = 10_000;
/** Turns of setImmediate before a settle waits by timer instead, so waiting for hashing does not spin a core. */
const SPIN_TURNS = 50;

/** The simulated chain clock; the Clock port the engine gets. */
export class ChainClock implements Clock {
  readonly mode: 'manual' | 'realtime';
  readonly blockTime: number;
  readonly genesis: { time: Seconds; block: number };
  private current: Seconds;
  private speed: number;
  private wallBase = Date.now();
  private chainBase: Seconds;
  private timers: Timer[] = [];
  private seq = 0;
  private wake: ReturnType<typeof setTimeout> | undefined;
  private advancing = false;
  private frozen = false;
  private readonly settleTurns: number;
  /** Called (awaited) after each settle turn; the simulator uses it to deliver queued events. */
  idle: () => boolean = () => true;

  constructor(options: ChainClockOptions) {
    this.mode = options.mode;
    this.speed = options.speed ?? 1;
    this.blockTime = options.blockTime ?? 2;
    this.settleTurns = options.settleTurns ?? 3;
    const start = options.start ?? (this.mode === 'realtime' ? Math.floor(Date.now() / 1000) : 1_700_000_000);
    this.current = start;
    this.chainBase = start;
    this.genesis = options.genesis ?? { time: start, block: GENESIS_BLOCK };
  }

  now(): Seconds {
    if (this.mode === 'manual' || this.frozen || this.advancing) return this.current;
    // Like block.timestamp, time holds still for the rest of this synchronous run, so a transaction
    // that checks a deadline and then acts on it sees one instant.
    this.frozen = true;
    queueMicrotask(() => (this.frozen = false));
    const t = this.chainBase + Math.floor(((Date.now() - this.wallBase) * this.speed) / 1000);
    if (t > this.current) this.current = t;
    return this.current;
  }

  /** The block the next transaction lands in; advances every blockTime seconds. */
  blockNumber(): number {
    return this.genesis.block + Math.floor((this.now() - this.genesis.time) / this.blockTime);
  }

  waitUntil(t: Seconds, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new ClockAbortedError());
    if (t <= this.now()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        cancel();
        reject(new ClockAbortedError());
      };
      const cancel = this.schedule(t, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Run `fire` once chain time reaches `t`; returns a canceller. Used by the simulated actors. */
  schedule(t: Seconds, fire: () => void): () => void {
    const timer: Timer = { time: t, seq: this.seq++, fire };
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timers[mid]!.time <= t) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    if (this.mode === 'realtime') this.arm();
    return () => {
      const i = this.timers.indexOf(timer);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }

  /** Move time forward by `seconds`, firing every timer due on the way (a jump in realtime mode). */
  advanceTime(seconds: Seconds): Promise<Seconds> {
    return this.advanceTo(this.now() + seconds);
  }

  /**
   * Move time forward to `ts`, firing due timers at their own instants, in order. In realtime mode
   * this is a jump (the devnet's POST /clock/advance): time is held while the timers fire, then wall
   * time carries on from `ts`.
   */
  async advanceTo(ts: Seconds): Promise<Seconds> {
    if (!Number.isInteger(ts)) throw new RangeError(`chain time must be whole seconds, got ${ts}`);
    if (this.advancing) throw new Error('the clock is already being advanced; await the previous advance first');
    this.now();
    this.advancing = true;
    try {
      await this.settle();
      while (this.timers.length > 0 && this.timers[0]!.time <= ts) {
        this.current = Math.max(this.current, this.timers[0]!.time);
        this.fireDue();
        await this.settle();
      }
      if (ts > this.current) this.current = ts;
      await this.settle();
      return this.current;
    } finally {
      if (this.mode === 'realtime') {
        this.chainBase = this.current;
        this.wallBase = Date.now();
        this.arm();
      }
      this.advancing = false;
    }
  }

  /** Let promise chains and queued event deliveries run until the simulator is idle. */
  async settle(): Promise<void> {
    // Waits for idleness by turns rather than a fixed count: file I/O on Node's thread pool can take
    // many turns. The wall-time cap keeps a never-idle actor from hanging the clock.
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    for (let turn = 0; ; turn++) {
      await new Promise<void>((r) => (turn < SPIN_TURNS ? setImmediate(r) : setTimeout(r, 1)));
      if (turn + 1 >= this.settleTurns && this.idle()) return;
      if (turn >= 100 && Date.now() > deadline) return;
    }
  }

  /** Realtime mode: change the speed factor without a jump in chain time. */
  setSpeed(speed: number): void {
    if (this.advancing) throw new Error('cannot change speed while the clock is being advanced');
    if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
    this.chainBase = this.now();
    this.wallBase = Date.now();
    this.speed = speed;
    if (this.mode === 'realtime') this.arm();
  }

  /** Stop firing timers (the app is closing); pending waiters stay pending. */
  stop(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    this.timers = [];
  }

  /** Number of pending timers (waiters and actor schedules). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private fireDue(): void {
    const now = this.now();
    while (this.timers.length > 0 && this.timers[0]!.time <= now) this.timers.shift()!.fire();
  }

  private arm(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    const next = this.timers[0];
    if (!next) return;
    const exactNow = this.chainBase + ((Date.now() - this.wallBase) * this.speed) / 1000;
    const delay = Math.max(0, ((next.time - exactNow) * 1000) / this.speed);
    this.wake = setTimeout(
      () => {
        this.wake = undefined;
        if (this.advancing) return; // advanceTo fires them and re-arms
        this.fireDue();
        this.arm();
      },
      Math.min(delay + 1, 2 ** 31 - 1),
    );
    this.wake.unref?.();
  }
}
