// Per-peer token buckets: each source endpoint may send `burst` packets at once and `perSecond`
// on average. The table of buckets is itself bounded; the least recently active peer is forgotten
// first (it comes back with a full bucket, which costs an attacker nothing it did not have).

export interface RateLimits {
  perSecond: number;
  burst: number;
  maxPeers: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token for `peer`; false when it has none left. */
  allow(peer: string): boolean {
    const t = this.now();
    const b = this.buckets.get(peer) ?? { tokens: this.limits.burst, at: t };
    this.buckets.delete(peer);
    b.tokens = Math.min(this.limits.burst, b.tokens + ((t - b.at) / 1000) * this.limits.perSecond);
    b.at = t;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.buckets.set(peer, b);
    if (this.buckets.size > this.limits.maxPeers) this.buckets.delete(this.buckets.keys().next().value as string);
    return ok;
  }

  clear(): void {
    this.buckets.clear();
  }
}
