// The ERC-20 test token (TST): balances, allowances, transferFrom as the Marketplace pulls deposits,
// and a public mint (the faucet local deployments have). Reverts carry OpenZeppelin's error names.
import { type Address, MarketError, type TokenInfo } from '../../engine/index';
import type { ChainState } from './state';

/** The simulated token, as its contract would answer symbol() and decimals(). */
export const SIM_TOKEN: TokenInfo = Object.freeze({ symbol: 'TST', decimals: 18 });

/** The token ledger over the chain's balances and allowances. */
export class Ledger {
  constructor(private readonly state: ChainState) {}

  /** Tokens held by `owner`. */
  balanceOf(owner: Address): bigint {
    return this.state.balances.get(owner) ?? 0n;
  }

  /** What `spender` may still pull from `owner`. */
  allowance(owner: Address, spender: Address): bigint {
    return this.state.allowances.get(`${owner}:${spender}`) ?? 0n;
  }

  /** Let `spender` pull up to `amount` from `owner` (replaces the previous allowance). */
  approve(owner: Address, spender: Address, amount: bigint): void {
    if (amount < 0n) throw new RangeError(`allowance must not be negative, got ${amount}`);
    const key = `${owner}:${spender}`;
    this.state.allowances.set(key, amount);
    this.state.touch('allowance', key);
  }

  /** Create tokens out of thin air (the test token's public mint). */
  mint(to: Address, amount: bigint): void {
    if (amount < 0n) throw new RangeError(`cannot mint a negative amount, got ${amount}`);
    this.set(to, this.balanceOf(to) + amount);
  }

  /** Move tokens owned by `from`. */
  transfer(from: Address, to: Address, amount: bigint): void {
    const balance = this.balanceOf(from);
    if (balance < amount) {
      throw new MarketError('ERC20InsufficientBalance', `${from} holds ${balance}, needs ${amount}`);
    }
    this.set(from, balance - amount);
    this.set(to, this.balanceOf(to) + amount);
  }

  /** Checks a transferFrom would succeed, without moving anything (so a transaction can check first). */
  checkTransferFrom(spender: Address, from: Address, amount: bigint): void {
    const allowed = this.allowance(from, spender);
    if (allowed < amount) {
      throw new MarketError(
        'ERC20InsufficientAllowance',
        `${from} approved ${allowed} to the marketplace, needs ${amount}; approve first`,
      );
    }
    const balance = this.balanceOf(from);
    if (balance < amount)
      throw new MarketError('ERC20InsufficientBalance', `${from} holds ${balance}, needs ${amount}`);
  }

  /** `spender` pulls `amount` from `from` into `to`, spending allowance. */
  transferFrom(spender: Address, from: Address, to: Address, amount: bigint): void {
    this.checkTransferFrom(spender, from, amount);
    this.approve(from, spender, this.allowance(from, spender) - amount);
    this.transfer(from, to, amount);
  }

  private set(owner: Address, amount: bigint): void {
    this.state.balances.set(owner, amount);
    this.state.touch('balance', owner);
  }
}
