// The host's account as the dashboard shows it: address, the token's symbol and decimals (read from
// the token contract), token and gas balances, and whether the gas left pays for the proofs due.
import type { Address, TokenInfo, Wallet, WalletBalances } from '../../engine/index';
import type { FeePolicy } from './fees';
import type { HttpRpc } from './rpc';
import type { ContractReader } from './views';

/** Whether the gas balance pays for the proofs due next. */
export interface GasOutlook {
  readonly balance: bigint;
  /** Wei one submitProof costs at the current fee. */
  readonly perProof: bigint;
  /** Proofs the balance pays for. */
  readonly proofsCovered: bigint;
  /** True when proofsCovered ≥ the proofs due. */
  readonly enough: boolean;
}

/** Gas per submitProof with Codex's Groth16 verifier (≈ 80k + 256k for the pairing), until one is measured. */
export const GROTH16_PROOF_GAS = 336_000n;

/** The Wallet port on chain. */
export class ChainWallet implements Wallet {
  #token: TokenInfo | undefined;

  constructor(
    readonly address: Address,
    private readonly tokenAddress: Address,
    private readonly views: ContractReader,
    private readonly rpc: HttpRpc,
    private readonly fees: FeePolicy,
    /** Gas used by the last submitProof, when one was mined. */
    private readonly measuredProofGas: () => bigint | undefined = () => undefined,
  ) {}

  async token(): Promise<TokenInfo> {
    if (!this.#token) {
      const [symbol] = await this.views.token(this.tokenAddress, 'symbol');
      const [decimals] = await this.views.token(this.tokenAddress, 'decimals');
      this.#token = { symbol: String(symbol), decimals: Number(decimals) };
    }
    return this.#token;
  }

  async balances(): Promise<WalletBalances> {
    const [token] = await this.views.token(this.tokenAddress, 'balanceOf', [this.address]);
    const gas = BigInt(await this.rpc.send<string>('eth_getBalance', [this.address, 'latest']));
    return { token: BigInt(token), gas };
  }

  /** Does the gas balance pay for `proofsDue` proofs at today's fee? */
  async gasForProofs(proofsDue: number): Promise<GasOutlook> {
    const { gas } = await this.balances();
    const { maxFeePerGas } = await this.fees.current();
    const perProof = (this.measuredProofGas() ?? GROTH16_PROOF_GAS) * maxFeePerGas;
    const balance = gas ?? 0n;
    const proofsCovered = perProof === 0n ? BigInt(Number.MAX_SAFE_INTEGER) : balance / perProof;
    return { balance, perProof, proofsCovered, enough: proofsCovered >= BigInt(proofsDue) };
  }
}
