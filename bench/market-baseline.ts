// The baseline of the market benchmark: the same ledger operations as the simulated Marketplace
// (ids, escrow, reservations, proof check, collateral, payout, refund) on plain Maps, with no
// derivation layer, no events and no persistence.
import type { Proof, StorageRequest } from '../src-main/engine/index';
import { requestIdOf, slotIdOf } from '../src-main/market/ids';
import { checkStorageProof } from '../src-main/proofs/sha256-merkle/index';
import { challengeAt, pointerOf } from '../src-main/market/sim/proving';

interface Req {
  request: StorageRequest;
  funds: bigint;
  filled: bigint;
  endsAt: number;
}
interface SlotRow {
  requestId: string;
  host: string;
  filledAt: number;
  collateral: bigint;
  paid: boolean;
}

/** A minimal Map ledger doing what the bench's scripted hosts and clients ask of the market. */
export class MapLedger {
  now = 1_700_000_000;
  readonly balances = new Map<string, bigint>();
  private readonly allowances = new Map<string, bigint>();
  private readonly requests = new Map<string, Req>();
  private readonly slots = new Map<string, SlotRow>();
  private readonly reservations = new Map<string, string[]>();
  private readonly seed = '0x' + '11'.repeat(32);

  mint(to: string, amount: bigint): void {
    this.balances.set(to, (this.balances.get(to) ?? 0n) + amount);
  }

  private pull(from: string, amount: bigint): void {
    const allowed = this.allowances.get(from) ?? 0n;
    const balance = this.balances.get(from) ?? 0n;
    if (allowed < amount || balance < amount) throw new Error('transfer failed');
    this.allowances.set(from, allowed - amount);
    this.balances.set(from, balance - amount);
    this.balances.set('market', (this.balances.get('market') ?? 0n) + amount);
  }

  private pay(to: string, amount: bigint): void {
    this.balances.set('market', this.balances.get('market')! - amount);
    this.balances.set(to, (this.balances.get(to) ?? 0n) + amount);
  }

  requestStorage(sender: string, request: StorageRequest): string {
    const { ask } = request;
    if (request.client !== sender || request.expiry === 0n || request.expiry >= ask.duration || ask.slots === 0n)
      throw new Error('invalid');
    const id = requestIdOf(request);
    if (this.requests.has(id)) throw new Error('exists');
    const price = ask.slots * ask.duration * ask.pricePerBytePerSecond * ask.slotSize;
    this.allowances.set(sender, (this.allowances.get(sender) ?? 0n) + price);
    this.pull(sender, price);
    this.requests.set(id, { request, funds: price, filled: 0n, endsAt: this.now + Number(ask.duration) });
    return id;
  }

  reserveSlot(sender: string, requestId: string, slotIndex: bigint): void {
    const slotId = slotIdOf(requestId, slotIndex);
    const set = this.reservations.get(slotId) ?? [];
    if (set.length >= 3 || set.includes(sender) || this.slots.has(slotId)) throw new Error('not allowed');
    set.push(sender);
    this.reservations.set(slotId, set);
  }

  fillSlot(sender: string, requestId: string, slotIndex: bigint, proof: Proof): void {
    const r = this.requests.get(requestId)!;
    const slotId = slotIdOf(requestId, slotIndex);
    if (!this.reservations.get(slotId)?.includes(sender) || this.slots.has(slotId)) throw new Error('not free');
    const block = 300 + Math.floor(this.now / 2);
    const period = Math.floor(this.now / 10);
    const challenge = challengeAt(this.seed, block, pointerOf(slotId, period, block, 67));
    const { ask, content } = r.request;
    const invalid = checkStorageProof({
      proof,
      challenge,
      slotIndex: Number(slotIndex),
      slots: Number(ask.slots),
      slotSize: ask.slotSize,
      merkleRoot: content.merkleRoot,
    });
    if (invalid) throw new Error(invalid);
    const pps = ask.pricePerBytePerSecond * ask.slotSize;
    const cps = ask.collateralPerByte * ask.slotSize;
    this.allowances.set(sender, (this.allowances.get(sender) ?? 0n) + cps);
    this.pull(sender, cps);
    r.filled += 1n;
    r.funds -= BigInt(r.endsAt - this.now) * pps;
    this.slots.set(slotId, { requestId, host: sender, filledAt: this.now, collateral: cps, paid: false });
  }

  freeSlot(sender: string, slotId: string): void {
    const slot = this.slots.get(slotId)!;
    const r = this.requests.get(slot.requestId)!;
    if (slot.host !== sender || slot.paid || this.now <= r.endsAt) throw new Error('cannot free');
    const pps = r.request.ask.pricePerBytePerSecond * r.request.ask.slotSize;
    slot.paid = true;
    this.pay(sender, BigInt(r.endsAt - slot.filledAt) * pps);
    this.pay(sender, slot.collateral);
  }

  withdrawFunds(sender: string, requestId: string): void {
    const r = this.requests.get(requestId)!;
    if (r.request.client !== sender || this.now <= r.endsAt || r.funds === 0n) throw new Error('cannot withdraw');
    this.pay(sender, r.funds);
    r.funds = 0n;
  }
}
