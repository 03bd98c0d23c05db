// The Marketplace's view functions as calls: encoded with its ABI, sent with retries, decoded, and a
// revert turned into the contract's error. Views that depend on msg.sender are called from the
// signer; proof views read the pending block, the one a transaction sent now lands in.
import { toBeHex, type Result } from 'ethers';
import { marketplaceInterface, tokenInterface } from './abi';
import type { HttpRpc } from './rpc';

/** Which block a view reads. */
export type ViewBlock = 'latest' | 'pending' | number;

/** Calls the Marketplace and its token. */
export class ContractReader {
  constructor(
    private readonly rpc: HttpRpc,
    readonly marketplace: string,
    /** msg.sender of every call. */
    readonly from: string,
  ) {}

  /** Calls a Marketplace function by name or full signature. */
  async market(fn: string, args: readonly unknown[] = [], block: ViewBlock = 'latest'): Promise<Result> {
    return this.#call(this.marketplace, marketplaceInterface, fn, args, block);
  }

  /** Calls a token function. */
  async token(token: string, fn: string, args: readonly unknown[] = []): Promise<Result> {
    return this.#call(token, tokenInterface, fn, args, 'latest');
  }

  async #call(
    to: string,
    iface: typeof marketplaceInterface,
    fn: string,
    args: readonly unknown[],
    block: ViewBlock,
  ): Promise<Result> {
    const data = iface.encodeFunctionData(fn, args);
    const tag = typeof block === 'number' ? toBeHex(block) : block;
    const result = await this.rpc.send<string>('eth_call', [{ from: this.from, to, data }, tag]);
    return iface.decodeFunctionResult(fn, result);
  }
}
