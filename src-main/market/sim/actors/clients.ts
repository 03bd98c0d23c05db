// Simulated clients: they post storage requests at a configurable rate with a realistic mix of sizes,
// durations and prices, serve their content, and withdraw what each request owes them once it ends
// (which is what makes RequestCancelled appear, as on chain). Their content is a Codex dataset: a
// client hashes it (Poseidon2, on the owner's hashing pool) before it posts, as a Codex client
// builds its manifest before it asks for storage, and content.cid is its verifiable manifest's CID.
import { hexlify } from 'ethers';
import { isMarketError, type RequestId, type StorageAsk, type StorageRequest } from '../../../engine/index';
import { blocksOfSlotSize } from '../../../proofs/codex/index';
import { datasetShape } from '../content';
import { merkleRootHex } from '../manifest';
import type { Rng } from '../rng';
import { CLIENT_COUNT } from '../accounts';
import type { ActorWorld } from './world';

/** Posts hashing their content at once; later ones wait their turn, in order. */
const HASHING_AT_ONCE = 2;
/** Posts in preparation beyond which the arrival loop lets an arrival pass (a fast clock outruns hashing). */
const BACKLOG = 8;

const KiB = 1024n;
const MiB = 1024n * KiB;
const HOUR = 3600n;

/** What a client may fix when posting; everything else comes from the default mix. */
export interface PostRequestInput {
  ask?: Partial<StorageAsk>;
  /** Relative expiry in seconds. */
  expiry?: bigint;
  /** Which simulated client posts it (0..7). */
  client?: number;
}

/** The simulated clients of the market. */
export class SimClients {
  private cancelArrival: (() => void) | undefined;
  private readonly timers = new Map<RequestId, () => void>();
  /** Stops the hashing of posts still in flight when the chain closes. */
  private readonly stopped = new AbortController();
  private inFlight = 0;
  private hashing = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly sim: ActorWorld,
    private readonly rng: Rng,
    /** Mean requests per hour of chain time; 0 posts nothing on its own. */
    private rate: number,
    private readonly fixedAsk: Partial<StorageAsk> = {},
  ) {
    const slotSize = fixedAsk.slotSize;
    const layout = slotSize === undefined ? undefined : blocksOfSlotSize(slotSize);
    if (layout && !layout.ok)
      throw new RangeError(`The simulated clients' slot size is not Codex's layout: ${layout.message}`);
  }

  /** Begin posting (if the rate allows) and resume watching requests posted before a restart. */
  start(): void {
    this.sim.events.subscribe('RequestFailed', ({ requestId }) => {
      this.withdraw(requestId);
      this.sim.content.forget(requestId);
    });
    for (const r of this.sim.state.requests.values())
      if (r.listed && this.sim.clientAddresses.has(r.request.client)) this.watch(r.id);
    this.scheduleArrival();
    this.sim.onClose(() => this.stop());
  }

  /** Change the posting rate (requests per hour). */
  setRate(rate: number): void {
    this.rate = rate;
    this.cancelArrival?.();
    this.scheduleArrival();
  }

  /** Posts hashing their content right now; the manual clock waits for them between timers. */
  get posting(): number {
    return this.inFlight;
  }

  /**
   * Post one request now; returns its id once its content is hashed and the request is on chain.
   * Used by the arrival loop, devnet POST /requests and tests. A slotSize that is not 64 KiB × a
   * power of two is refused (RangeError): no Codex client could ask for it.
   */
  async post(input: PostRequestInput = {}): Promise<RequestId> {
    // Every draw before the first await, so the same seed posts the same requests however long hashing takes.
    const client = this.sim.actor('client', input.client ?? this.rng.int(0, CLIENT_COUNT - 1));
    const ask = { ...this.defaultAsk(), ...input.ask };
    const expiry = input.expiry ?? this.defaultExpiry(ask.duration);
    const nonce = this.rng.hex(32);
    const layout = datasetShape({ nonce, ask });
    if (!layout.ok) throw new RangeError(`A simulated client posts only Codex's slot layout: ${layout.message}`);
    this.inFlight++;
    try {
      await this.hashingTurn();
      let manifest;
      try {
        manifest = await this.sim.content.build({ nonce, ask }, this.stopped.signal);
      } finally {
        this.endHashingTurn();
      }
      this.stopped.signal.throwIfAborted();
      const merkleRoot = merkleRootHex(manifest);
      const request: StorageRequest = {
        client,
        ask,
        content: { cid: hexlify(manifest.cid), merkleRoot },
        expiry,
        nonce,
      };
      const price = ask.slots * ask.duration * ask.pricePerBytePerSecond * ask.slotSize;
      this.sim.mint(client, price);
      const id = await this.sim.connect(client).requestStorage(request);
      this.stopped.signal.throwIfAborted();
      this.sim.content.remember(id, manifest);
      this.watch(id);
      return id;
    } finally {
      this.inFlight--;
    }
  }

  /**
   * A realistic ask, small enough that a laptop hashes it in well under a second on average: a few
   * slots of 64 KiB–2 MiB (mean ≈ 480 KiB, ¾ of it data) for an hour to a week, priced in
   * whole-token terms.
   */
  defaultAsk(): StorageAsk {
    const slots = this.rng.pick([2n, 3n, 4n, 5n, 6n, 8n], [2, 5, 4, 2, 2, 1]);
    const limit = BigInt(this.sim.config.requestDurationLimit);
    const duration = this.rng.pick([HOUR, 6n * HOUR, 24n * HOUR, 72n * HOUR, 168n * HOUR], [3, 4, 4, 2, 1]);
    // 180–1800 base units per byte per second is about 0.5–5 TST per GiB per month: the range an
    // operator typing a price in the dashboard's units will meet. Collateral puts between an hour's
    // and a day's pay at stake.
    const price = BigInt(this.rng.int(18, 180)) * 10n;
    return {
      proofProbability: this.rng.pick([1n, 2n, 4n, 8n], [1, 2, 2, 1]),
      pricePerBytePerSecond: price,
      collateralPerByte: price * BigInt(this.rng.int(3_600, 86_400)),
      slots,
      slotSize: this.rng.pick([64n * KiB, 128n * KiB, 256n * KiB, 512n * KiB, MiB, 2n * MiB], [2, 3, 4, 3, 2, 1]),
      duration: duration < limit ? duration : limit,
      maxSlotLoss: slots / 3n > 0n ? slots / 3n : 1n,
    };
  }

  private async hashingTurn(): Promise<void> {
    if (this.hashing < HASHING_AT_ONCE) {
      this.hashing++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private endHashingTurn(): void {
    const next = this.waiting.shift();
    // The turn passes straight to the next waiter.
    if (next) next();
    else this.hashing--;
  }

  private defaultExpiry(duration: bigint): bigint {
    const expiry = this.rng.pick([600n, 900n, 1800n]);
    return expiry < duration ? expiry : duration / 2n;
  }

  private scheduleArrival(): void {
    this.cancelArrival = undefined;
    if (!(this.rate > 0)) return;
    const delay = Math.max(1, Math.round(this.rng.exponential(3600 / this.rate)));
    this.cancelArrival = this.sim.clock.schedule(this.sim.now() + delay, () => {
      if (this.inFlight >= BACKLOG)
        this.sim.logger.debug('simulated clients are still hashing earlier requests; an arrival passes', {
          preparing: this.inFlight,
        });
      else
        this.post({ ask: this.fixedAsk }).catch((error: unknown) => {
          if (!this.stopped.signal.aborted)
            this.sim.logger.error('simulated client could not post a request', { error: String(error) });
        });
      this.scheduleArrival();
    });
  }

  private watch(requestId: RequestId): void {
    const r = this.sim.state.requests.get(requestId)!;
    const check = (at: number) => {
      this.timers.get(requestId)?.();
      this.timers.set(
        requestId,
        this.sim.clock.schedule(at, () => {
          this.timers.delete(requestId);
          const state = this.sim.contract.requestState(requestId);
          if (state === 'Started') check(r.endsAt + 1);
          else if (state !== 'New') {
            this.withdraw(requestId);
            this.sim.content.forget(requestId);
          }
        }),
      );
    };
    check(r.expiresAt + 1);
  }

  private withdraw(requestId: RequestId): void {
    const r = this.sim.state.requests.get(requestId);
    if (!r || !this.sim.clientAddresses.has(r.request.client) || r.fundsToReturnToClient === 0n) return;
    try {
      this.sim.contract.withdrawFunds(r.request.client, requestId);
    } catch (error) {
      this.sim.logger.warn('simulated client could not withdraw', { requestId, error: String(error) });
      if (!isMarketError(error)) throw error;
    }
  }

  private stop(): void {
    this.stopped.abort();
    // Waiting posts get their turn at once and end on the aborted signal.
    for (const next of this.waiting.splice(0)) {
      this.hashing++;
      next();
    }
    this.cancelArrival?.();
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }
}
