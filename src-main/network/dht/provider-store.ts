// Provider records we hold for others (and ourselves): key → peer → SPR with an expiry. Bounded per
// key (Codex: 20) and in total; a record is refreshed, not duplicated, when announced again, and
// a newer sequence number replaces the stored SPR.
import type { SignedPeerRecord } from '../spr/record';
import { idHex, type NodeId } from './node-id';

export interface ProviderLimits {
  ttlMs: number;
  perKey: number;
  total: number;
}

interface Entry {
  record: SignedPeerRecord;
  expiresAt: number;
}

export type AddOutcome = 'added' | 'updated' | 'refreshed';

export class ProviderStore {
  private readonly keys = new Map<string, Map<string, Entry>>();
  private count = 0;

  constructor(
    private readonly limits: ProviderLimits,
    private readonly now: () => number,
  ) {}

  /** Records held, expired ones included until the next sweep or read. */
  get size(): number {
    return this.count;
  }

  add(key: NodeId, record: SignedPeerRecord): AddOutcome {
    const k = idHex(key);
    let peers = this.keys.get(k);
    if (peers === undefined) {
      peers = new Map();
      this.keys.set(k, peers);
    }
    const expiresAt = this.now() + this.limits.ttlMs;
    const old = peers.get(record.peerIdText);
    if (old !== undefined) {
      const newer = record.seq > old.record.seq;
      peers.set(record.peerIdText, { record: newer ? record : old.record, expiresAt });
      return newer ? 'updated' : 'refreshed';
    }
    if (peers.size >= this.limits.perKey) this.evictFrom(k, peers);
    if (this.count >= this.limits.total) this.evictOldestKey(k, peers);
    peers.set(record.peerIdText, { record, expiresAt });
    this.count++;
    return 'added';
  }

  /** Unexpired providers of `key`, newest announcement first, at most `limit`. */
  get(key: NodeId, limit = this.limits.perKey): SignedPeerRecord[] {
    const k = idHex(key);
    const peers = this.keys.get(k);
    if (peers === undefined) return [];
    this.expire(k, peers);
    return [...peers.values()]
      .sort((a, b) => b.expiresAt - a.expiresAt)
      .slice(0, limit)
      .map((e) => e.record);
  }

  /** Drops `peerId`'s record for `key`; true when there was one. */
  remove(key: NodeId, peerId: string): boolean {
    const k = idHex(key);
    const peers = this.keys.get(k);
    if (peers?.delete(peerId) !== true) return false;
    this.count--;
    if (peers.size === 0) this.keys.delete(k);
    return true;
  }

  /** Drops every expired record. */
  sweep(): void {
    for (const [k, peers] of this.keys) this.expire(k, peers);
  }

  private expire(k: string, peers: Map<string, Entry>): void {
    const t = this.now();
    for (const [p, e] of peers)
      if (e.expiresAt <= t) {
        peers.delete(p);
        this.count--;
      }
    if (peers.size === 0) this.keys.delete(k);
  }

  private evictFrom(k: string, peers: Map<string, Entry>): void {
    let soonest: [string, Entry] | undefined;
    for (const pe of peers) if (soonest === undefined || pe[1].expiresAt < soonest[1].expiresAt) soonest = pe;
    if (soonest !== undefined) {
      peers.delete(soonest[0]);
      this.count--;
    }
    if (peers.size === 0) this.keys.delete(k);
  }

  /** Frees room for one record: the oldest other key goes whole, or else our own soonest-expiring one. */
  private evictOldestKey(keep: string, own: Map<string, Entry>): void {
    for (const [k, peers] of this.keys) {
      if (k === keep) continue;
      this.count -= peers.size;
      this.keys.delete(k);
      return;
    }
    this.evictFrom(keep, own);
    this.keys.set(keep, own);
  }

  clear(): void {
    this.keys.clear();
    this.count = 0;
  }
}
