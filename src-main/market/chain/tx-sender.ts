// One signer's transactions, one at a time through a queue: estimate the gas (a revert there is
// decoded and nothing is sent), pad it, price it, take a nonce, journal it, broadcast it; then wait
// for the receipt and the confirmations, replacing the transaction with a higher fee when it is
// stuck. A transaction that reverts once mined is replayed as a call at the block before, so its
// error has the contract's name.
import { toBeHex, Transaction, type Wallet } from 'ethers';
import { MarketError, type Logger } from '../../engine/index';
import { shortMessage, toMarketError } from './errors';
import type { Fees, FeePolicy } from './fees';
import type { HeadTracker } from './heads';
import type { InflightEntry, NonceJournal } from './nonce-journal';
import { parseReceipt, type Receipt } from './receipt';
import type { HttpRpc } from './rpc';
import type { ChainStatus } from './status';
import type { ChainTimings } from './timings';

/** Turns a gas estimate into the gas limit sent. */
export type GasMargin = (estimate: bigint) => bigint;

/** nim-codex's pads (+10 % fill, +25 % reserve, +50 % markProofAsMissing, ×3 free), and none for the rest. */
export const GAS_MARGINS = {
  fillSlot: (g: bigint) => (g * 110n) / 100n,
  reserveSlot: (g: bigint) => (g * 125n) / 100n,
  markProofAsMissing: (g: bigint) => (g * 150n) / 100n,
  freeSlot: (g: bigint) => g * 3n,
  // Not padded by nim-codex; a proof that runs out of gas costs a slash, so it gets the fill's pad.
  submitProof: (g: bigint) => (g * 110n) / 100n,
  plain: (g: bigint) => g,
} satisfies Record<string, GasMargin>;

/** A contract call to send. */
export interface TxIntent {
  readonly label: string;
  readonly to: string;
  readonly data: string;
  readonly margin: GasMargin;
}

/** A broadcast transaction; `confirmed` settles once it has its confirmations (or reverted). */
export interface SentTx {
  readonly nonce: number;
  readonly hash: string;
  readonly confirmed: Promise<Receipt>;
}

/** Everything the sender works with. */
export interface TxSenderDeps {
  readonly rpc: HttpRpc;
  readonly heads: HeadTracker;
  readonly signer: Wallet;
  readonly chainId: number;
  readonly journal: NonceJournal;
  readonly fees: FeePolicy;
  readonly confirmations: number;
  readonly timings: ChainTimings;
  readonly status: ChainStatus;
  readonly logger: Logger;
}

const isNonceError = (e: unknown) =>
  (e as { code?: string })?.code === 'NONCE_EXPIRED' ||
  /nonce too low|nonce has already been used|invalid nonce/i.test(shortMessage(e));
const isKnown = (e: unknown) => /already known|already imported|known transaction/i.test(shortMessage(e));
const isUnderpriced = (e: unknown) =>
  (e as { code?: string })?.code === 'REPLACEMENT_UNDERPRICED' || /underpriced/i.test(shortMessage(e));

/** Sends one account's transactions. */
export class TxSender {
  #queue: Promise<unknown> = Promise.resolve();
  readonly #closed = new AbortController();
  readonly #stuck = new Set<number>();
  readonly #gasUsed = new Map<string, bigint>();
  readonly address: string;

  constructor(private readonly d: TxSenderDeps) {
    this.address = d.signer.address.toLowerCase();
  }

  /** Reconciles the journal with the chain and follows transactions a previous run left pending. */
  async start(): Promise<void> {
    const { pending } = await this.d.journal.reconcile(this.d.rpc);
    for (const entry of pending) {
      this.d.logger.info('following a transaction sent before the restart', { label: entry.label, nonce: entry.nonce });
      this.#follow(entry).catch((error: unknown) =>
        this.d.logger.warn('a transaction sent before the restart did not succeed', {
          label: entry.label,
          error: shortMessage(error),
        }),
      );
    }
    this.#updateStatus();
  }

  /** Sends and waits for the confirmations; rejects with the decoded revert. */
  async send(intent: TxIntent): Promise<Receipt> {
    return (await this.submit(intent)).confirmed;
  }

  /** Estimates, signs and broadcasts `intent` in queue order; resolves once it is broadcast. */
  submit(intent: TxIntent): Promise<SentTx> {
    const run = this.#queue.then(() => this.#broadcastNew(intent));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The gas `intent` would use now; rejects with the decoded revert when it would fail. */
  async estimate(intent: Pick<TxIntent, 'to' | 'data'>): Promise<bigint> {
    return BigInt(
      await this.d.rpc.send<string>('eth_estimateGas', [{ from: this.address, to: intent.to, data: intent.data }]),
    );
  }

  async #broadcastNew(intent: TxIntent): Promise<SentTx> {
    if (this.#closed.signal.aborted) throw new MarketError('MarketUnavailable', 'the chain adapter is closed');
    const gasLimit = intent.margin(await this.estimate(intent));
    const fees = await this.d.fees.current();
    for (let attempt = 0; ; attempt++) {
      const nonce = this.d.journal.take();
      const entry = {
        nonce,
        label: intent.label,
        to: intent.to,
        data: intent.data,
        gasLimit: String(gasLimit),
        ...feeStrings(fees),
      };
      const raw = await this.#sign(entry);
      const hash = Transaction.from(raw).hash!.toLowerCase();
      this.d.journal.record({ ...entry, hash });
      try {
        await this.#broadcast(raw);
      } catch (error) {
        if (isNonceError(error) && attempt === 0) {
          this.d.journal.settle(nonce);
          this.d.logger.warn('a nonce was used by another transaction of this account; re-syncing with the chain', {
            nonce,
          });
          await this.d.journal.reconcile(this.d.rpc);
          continue;
        }
        if (error instanceof MarketError && error.code === 'MarketUnavailable') {
          // Unknown whether it went out: the chain's pending count says.
          const { pending } = await this.d.journal
            .reconcile(this.d.rpc)
            .catch(() => ({ pending: [] as InflightEntry[] }));
          if (pending.some((p) => p.nonce === nonce)) return this.#sent(nonce, hash);
        } else {
          this.d.journal.settle(nonce);
          this.d.journal.giveBack(nonce);
        }
        throw toMarketError(error, intent.label) ?? new Error(`${intent.label} was not sent: ${shortMessage(error)}`);
      }
      return this.#sent(nonce, hash);
    }
  }

  #sent(nonce: number, hash: string): SentTx {
    this.#updateStatus();
    const entry = this.d.journal.inflight.find((e) => e.nonce === nonce)!;
    const confirmed = this.#follow(entry);
    confirmed.catch(() => undefined); // the caller may only await submit()
    return { nonce, hash, confirmed };
  }

  async #sign(entry: Omit<InflightEntry, 'hashes' | 'sentAt'>): Promise<string> {
    return this.d.signer.signTransaction({
      type: 2,
      chainId: this.d.chainId,
      nonce: entry.nonce,
      to: entry.to,
      data: entry.data,
      value: 0n,
      gasLimit: BigInt(entry.gasLimit),
      maxFeePerGas: BigInt(entry.maxFeePerGas),
      maxPriorityFeePerGas: BigInt(entry.maxPriorityFeePerGas),
    });
  }

  async #broadcast(raw: string): Promise<void> {
    try {
      await this.d.rpc.send('eth_sendRawTransaction', [raw]);
    } catch (error) {
      if (!isKnown(error)) throw error;
    }
  }

  /** Waits for one of the nonce's hashes to be mined and confirmed, replacing it while stuck. */
  async #follow(first: InflightEntry): Promise<Receipt> {
    let entry = first;
    let waitingSince = { block: this.d.heads.latest?.number ?? 0, at: Date.now() };
    try {
      for (;;) {
        if (this.#closed.signal.aborted) throw new MarketError('MarketUnavailable', 'the chain adapter is closed');
        const receipt = await this.#receiptOf(entry);
        if (receipt && this.d.confirmations > 1) {
          // The receipt may come before the socket's newHeads does: wait for the confirming head.
          await this.d.heads.reached(
            receipt.blockNumber + this.d.confirmations - 1,
            this.d.timings.pollMs * 4,
            this.#closed.signal,
          );
        }
        // A receipt proves its block exists even if no head has said so yet.
        const head = Math.max(this.d.heads.latest?.number ?? 0, receipt?.blockNumber ?? 0);
        if (receipt && head >= receipt.blockNumber + this.d.confirmations - 1) {
          const still = this.d.confirmations > 1 ? await this.#receiptOf(entry) : receipt;
          if (still && still.blockHash === receipt.blockHash) {
            this.d.journal.settle(first.nonce);
            return await this.#outcome(entry, receipt);
          }
        }
        if (!receipt) {
          const stuck =
            head - waitingSince.block >= this.d.timings.stuckAfterBlocks ||
            Date.now() - waitingSince.at >= this.d.timings.stuckAfterMs;
          if (stuck) {
            await this.#refuseIfOvertaken(entry);
            entry = await this.#replace(entry);
            waitingSince = { block: head, at: Date.now() };
          }
        }
        if (receipt) continue; // waited for its confirmations above
        await this.d.heads.reached(head + 1, this.d.timings.pollMs * 4, this.#closed.signal);
      }
    } finally {
      // Left in the journal unless settled: a restart follows it again.
      this.#stuck.delete(first.nonce);
      this.#updateStatus();
    }
  }

  /** The nonce was used by a transaction we did not sign (the same key elsewhere): this one never lands. */
  async #refuseIfOvertaken(entry: InflightEntry): Promise<void> {
    const mined = Number(BigInt(await this.d.rpc.send<string>('eth_getTransactionCount', [this.address, 'latest'])));
    if (mined <= entry.nonce || (await this.#receiptOf(entry))) return;
    this.d.journal.settle(entry.nonce);
    throw new Error(
      `${entry.label} (nonce ${entry.nonce}) was overtaken by another transaction of this account; is the key in use elsewhere?`,
    );
  }

  async #receiptOf(entry: InflightEntry): Promise<Receipt | undefined> {
    for (const hash of [...entry.hashes].reverse()) {
      const receipt = parseReceipt(await this.d.rpc.send('eth_getTransactionReceipt', [hash]));
      if (receipt) return receipt;
    }
    return undefined;
  }

  /** Gas the last successful transaction of `label` used. */
  lastGasUsed(label: string): bigint | undefined {
    return this.#gasUsed.get(label);
  }

  async #outcome(entry: InflightEntry, receipt: Receipt): Promise<Receipt> {
    if (receipt.status === 1) {
      this.#gasUsed.set(entry.label, receipt.gasUsed);
      return receipt;
    }
    // A mined revert carries no reason: run the same call on the state it met, the block before;
    // if an earlier transaction of the same block caused it, the state after the block shows it.
    const call = { from: this.address, to: entry.to, data: entry.data };
    for (const block of [receipt.blockNumber - 1, receipt.blockNumber]) {
      try {
        await this.d.rpc.send('eth_call', [call, toBeHex(block)]);
      } catch (error) {
        if (error instanceof MarketError && error.code !== 'MarketUnavailable') {
          throw new MarketError(
            error.code,
            `${entry.label} reverted when mined in block ${receipt.blockNumber}`,
            error.details,
          );
        }
        throw toMarketError(error, entry.label) ?? error;
      }
    }
    throw new MarketError(
      'Reverted',
      `${entry.label} reverted when mined in block ${receipt.blockNumber} (out of gas?)`,
      {
        gasUsed: receipt.gasUsed,
        gasLimit: BigInt(entry.gasLimit),
      },
    );
  }

  /** Signs the same call with higher fees and the same nonce. */
  async #replace(entry: InflightEntry): Promise<InflightEntry> {
    const previous: Fees = {
      maxFeePerGas: BigInt(entry.maxFeePerGas),
      maxPriorityFeePerGas: BigInt(entry.maxPriorityFeePerGas),
    };
    const current = await this.d.fees.current().catch(() => previous);
    const bumped = this.d.fees.bumped(previous);
    const fees = bumped && bumped.maxFeePerGas < current.maxFeePerGas ? current : bumped;
    this.#stuck.add(entry.nonce);
    this.#updateStatus();
    if (!fees) {
      this.d.logger.warn('a transaction is stuck and --max-fee-gwei leaves no room to replace it', {
        label: entry.label,
        nonce: entry.nonce,
      });
      return entry;
    }
    const next = { ...entry, ...feeStrings(fees) };
    const raw = await this.#sign(next);
    const hash = Transaction.from(raw).hash!.toLowerCase();
    this.d.journal.record({ ...next, hash });
    try {
      await this.#broadcast(raw);
      this.d.logger.info('replaced a stuck transaction with a higher fee', {
        label: entry.label,
        nonce: entry.nonce,
        hash,
      });
    } catch (error) {
      // Mined meanwhile (nonce too low) or not enough of a raise: the next round looks again.
      if (!isNonceError(error) && !isUnderpriced(error)) throw toMarketError(error, entry.label) ?? error;
    }
    return this.d.journal.inflight.find((e) => e.nonce === entry.nonce) ?? { ...next, hashes: [...entry.hashes, hash] };
  }

  #updateStatus(): void {
    this.d.status.update({ pendingTransactions: this.d.journal.inflight.length, stuckTransactions: this.#stuck.size });
  }

  /** Stops waiting for receipts. */
  close(): void {
    this.#closed.abort();
  }
}

function feeStrings(fees: Fees): { maxFeePerGas: string; maxPriorityFeePerGas: string } {
  return { maxFeePerGas: String(fees.maxFeePerGas), maxPriorityFeePerGas: String(fees.maxPriorityFeePerGas) };
}
