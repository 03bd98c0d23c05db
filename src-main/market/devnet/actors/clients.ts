// The devnet's simulated clients: they post storage requests (on their own at a rate, or when the
// devnet api asks) with a real Codex dataset each, serve it to hosts, and withdraw what a request
// owes them once it ends: after expiry when it was never started, after its end when it finished,
// at once when it failed (which is what makes RequestCancelled appear, as on chain).
import type { RequestId, StorageAsk, StorageRequest } from '../../../engine/index';
import type { Rng } from '../../sim/rng';
import type { DevnetContent } from '../content';
import { buildDataset } from '../dataset';
import type { BlockHasher } from '../../../proofs/codex/index';
import type { Actor } from './actor';

const KiB = 1024n;
const HOUR = 3600n;

/** What a post may fix; everything else comes from the default mix. */
export interface DevnetPostInput {
  readonly ask?: Partial<StorageAsk>;
  /** Seconds after posting. */
  readonly expiry?: bigint;
  /** Which client posts it. */
  readonly client?: number;
}

/** The simulated clients of the devnet. */
export class DevnetClients {
  #cancelArrival: (() => void) | undefined;
  #stopped = false;
  /** Which client posted each request. */
  readonly #owners = new Map<RequestId, Actor>();

  constructor(
    private readonly actors: readonly Actor[],
    private readonly content: DevnetContent,
    private readonly hasher: BlockHasher,
    private readonly chainSeed: string,
    private readonly rng: Rng,
    /** Mean requests per hour of chain time; 0 posts only when asked. */
    private readonly rate: number,
    private readonly fixedAsk: Partial<StorageAsk> = {},
  ) {}

  start(): void {
    this.actors[0]?.market.subscribe('RequestFailed', ({ requestId }) => {
      const owner = this.#owners.get(requestId);
      if (owner) void owner.act(() => this.#withdraw(owner, requestId));
    });
    this.#scheduleArrival();
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelArrival?.();
  }

  /** Posts one request now with its dataset served; returns its id (rejects with the contract's error). */
  async post(input: DevnetPostInput = {}): Promise<RequestId> {
    const actor = this.actors[input.client ?? this.rng.int(0, this.actors.length - 1)];
    if (!actor) throw new Error(`there is no devnet client ${input.client}`);
    const ask = { ...this.defaultAsk(), ...input.ask };
    const expiry = input.expiry ?? this.#defaultExpiry(ask.duration);
    const nonce = this.rng.hex(32);
    const dataset = await buildDataset(
      this.hasher,
      this.chainSeed,
      nonce,
      ask.slots,
      ask.slotSize,
      undefined,
      Number(ask.maxSlotLoss),
    );
    const request: StorageRequest = {
      client: actor.address,
      ask,
      content: { cid: dataset.cid, merkleRoot: dataset.merkleRoot },
      expiry,
      nonce,
    };
    const requestId = actor.market.requestId(request);
    // Served before it is posted: a host may react to StorageRequested at once.
    this.content.serve(requestId, dataset);
    this.#owners.set(requestId, actor);
    try {
      await actor.market.requestStorage(request);
    } catch (error) {
      this.#owners.delete(requestId);
      throw error;
    }
    this.#watch(actor, requestId);
    return requestId;
  }

  /** A small realistic ask: 2–4 slots of 64–512 KiB in Codex's layout, an hour to a day. */
  defaultAsk(): StorageAsk {
    const slots = this.rng.pick([2n, 3n, 4n], [3, 4, 2]);
    const price = BigInt(this.rng.int(18, 180)) * 10n;
    return {
      proofProbability: this.rng.pick([1n, 2n, 4n], [1, 2, 2]),
      pricePerBytePerSecond: price,
      collateralPerByte: price * BigInt(this.rng.int(3_600, 86_400)),
      slots,
      slotSize: this.rng.pick([64n * KiB, 128n * KiB, 256n * KiB, 512n * KiB], [3, 4, 3, 1]),
      duration: this.rng.pick([HOUR, 6n * HOUR, 24n * HOUR], [3, 3, 2]),
      maxSlotLoss: slots / 3n > 0n ? slots / 3n : 1n,
    };
  }

  #defaultExpiry(duration: bigint): bigint {
    const expiry = this.rng.pick([600n, 900n, 1800n]);
    return expiry < duration ? expiry : duration / 2n;
  }

  #scheduleArrival(): void {
    this.#cancelArrival = undefined;
    const actor = this.actors[0];
    if (!(this.rate > 0) || !actor || this.#stopped) return;
    const delay = Math.max(1, Math.round(this.rng.exponential(3600 / this.rate)));
    this.#cancelArrival = actor.at(actor.now() + delay, async () => {
      this.#scheduleArrival();
      await this.post({ ask: this.fixedAsk });
    });
  }

  /** Withdraws after expiry when the request never started, else after its end. */
  #watch(actor: Actor, requestId: RequestId): void {
    void actor.act(async () => {
      const expiresAt = await actor.market.requestExpiresAt(requestId);
      actor.at(expiresAt + 1, async () => {
        const state = await actor.market.requestState(requestId);
        if (state === 'Started') {
          const end = await actor.market.getRequestEnd(requestId);
          actor.at(end + 1, () => this.#withdraw(actor, requestId));
        } else if (state !== 'Failed') await this.#withdraw(actor, requestId);
      });
    });
  }

  async #withdraw(actor: Actor, requestId: RequestId): Promise<void> {
    if (this.#stopped || this.#owners.get(requestId) !== actor) return;
    this.#owners.delete(requestId);
    await actor.market.withdrawFunds(requestId);
  }
}
