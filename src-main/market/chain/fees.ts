// EIP-1559 fees under the operator's cap (--max-fee-gwei): twice the base fee plus the node's
// suggested tip, never above the cap. A base fee over the cap refuses the transaction with a clear
// error instead of sending one that could never be mined. Replacements bump both fees by an eighth,
// the most nodes require for a replacement to be accepted.
import { formatUnits } from 'ethers';
import { MarketError } from '../../engine/index';
import type { HeadTracker } from './heads';
import type { HttpRpc } from './rpc';

/** The fee fields of a type-2 transaction. */
export interface Fees {
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
}

const TIP_CACHE_MS = 30_000;
const gwei = (wei: bigint) => formatUnits(wei, 'gwei');

/** Chooses and bumps fees. */
export class FeePolicy {
  #tip: { value: bigint; at: number } | undefined;

  constructor(
    private readonly rpc: HttpRpc,
    private readonly heads: HeadTracker,
    /** The operator's cap on maxFeePerGas, in wei; undefined for none. */
    readonly cap: bigint | undefined,
  ) {}

  /** Fees for a transaction now. */
  async current(): Promise<Fees> {
    const base = this.heads.latest?.baseFeePerGas ?? (await this.heads.fetchLatest()).baseFeePerGas ?? 0n;
    if (this.cap !== undefined && base > this.cap) {
      throw new MarketError(
        'FeeAboveCap',
        `the network's base fee is ${gwei(base)} gwei, above --max-fee-gwei ${gwei(this.cap)}; the transaction was not sent`,
      );
    }
    const tip = await this.#suggestedTip();
    let maxFeePerGas = 2n * base + tip;
    if (this.cap !== undefined && maxFeePerGas > this.cap) maxFeePerGas = this.cap;
    return { maxFeePerGas, maxPriorityFeePerGas: tip < maxFeePerGas - base ? tip : maxFeePerGas - base };
  }

  /** Fees that may replace `previous` (both raised by 12.5 %), or undefined when the cap leaves no room. */
  bumped(previous: Fees): Fees | undefined {
    const raise = (v: bigint) => v + v / 8n + 1n;
    const maxFeePerGas = raise(previous.maxFeePerGas);
    if (this.cap !== undefined && maxFeePerGas > this.cap) return undefined;
    return { maxFeePerGas, maxPriorityFeePerGas: raise(previous.maxPriorityFeePerGas) };
  }

  async #suggestedTip(): Promise<bigint> {
    if (this.#tip && Date.now() - this.#tip.at < TIP_CACHE_MS) return this.#tip.value;
    let value: bigint;
    try {
      value = BigInt(await this.rpc.send<string>('eth_maxPriorityFeePerGas', []));
    } catch (error) {
      if (error instanceof MarketError && error.code === 'MarketUnavailable') throw error;
      value = 1_000_000_000n; // a node without the method: one gwei, as ethers assumes
    }
    this.#tip = { value, at: Date.now() };
    return value;
  }
}
