// One simulated actor of the devnet: a funded devnet account connected through the chain adapter
// (its own session: transactions, events, block clock), so clients, competitors and the validator
// act through real transactions exactly as a host does. Its timers run on chain time and its
// work is counted, so a clock jump waits until every actor has done what the new time asks.
import { Wallet } from 'ethers';
import { isMarketError, type Logger, type Seconds } from '../../../engine/index';
import { connectChain } from '../../chain/connect';
import type { ChainSession } from '../../chain/session';
import { devnetChainTimings } from '../../chain/timings';
import type { DevnetAccount } from '../accounts';
import type { Devnet } from '../devnet';

/** Counts running work so the devnet knows when its actors are quiet. */
export class Activity {
  #running = 0;
  /** Runs `work`, counted while it runs. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.#running++;
    try {
      return await work();
    } finally {
      this.#running--;
    }
  }
  get running(): number {
    return this.#running;
  }
}

/** A devnet account connected as an actor. */
export class Actor {
  readonly #timers = new Set<AbortController>();
  #stopped = false;

  private constructor(
    readonly session: ChainSession,
    readonly role: string,
    private readonly activity: Activity,
    private readonly logger: Logger,
  ) {}

  /** Connects `account` to the devnet's Marketplace (state in memory: a devnet is new at every start). */
  static async connect(
    devnet: Devnet,
    account: DevnetAccount,
    role: string,
    activity: Activity,
    logger: Logger,
  ): Promise<Actor> {
    const result = await connectChain(
      {
        rpcUrl: devnet.httpUrl,
        wsUrl: devnet.wsUrl,
        marketplace: devnet.addresses.marketplace,
        signer: { kind: 'private-key', file: '(a devnet account)' },
        fromBlock: devnet.addresses.deployBlock,
        confirmations: 1,
      },
      { logger, timings: devnetChainTimings, signer: new Wallet(account.privateKey) },
    );
    if (!result.ok) throw new Error(`the devnet's ${role} could not connect: ${result.message}`);
    return new Actor(result.session, role, activity, logger);
  }

  get address(): string {
    return this.session.address;
  }
  get market() {
    return this.session.market;
  }
  now(): Seconds {
    return this.session.clock.now();
  }
  /** True while a transaction of this actor waits to be mined. */
  get sending(): boolean {
    return this.session.status.get().pendingTransactions > 0;
  }

  /** Runs `work` at chain time `at` (counted as activity); returns the canceller. */
  at(at: Seconds, work: () => Promise<void>): () => void {
    const timer = new AbortController();
    this.#timers.add(timer);
    this.session.clock.waitUntil(at, timer.signal).then(
      () => {
        this.#timers.delete(timer);
        if (!this.#stopped) void this.act(work);
      },
      () => this.#timers.delete(timer),
    );
    return () => timer.abort();
  }

  /** Runs `work` now, counted; a revert is everyday life for an actor (someone was faster) and is logged. */
  async act(work: () => Promise<void>): Promise<void> {
    if (this.#stopped) return;
    await this.activity.run(async () => {
      try {
        await work();
      } catch (error) {
        if (this.#stopped) return;
        if (isMarketError(error))
          this.logger.debug(`devnet ${this.role}: a transaction reverted`, { code: error.code });
        else this.logger.warn(`devnet ${this.role} failed`, { error: (error as Error).message });
      }
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) timer.abort();
    this.#timers.clear();
    await this.session.close();
  }
}
