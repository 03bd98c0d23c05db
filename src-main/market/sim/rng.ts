// A small seeded PRNG (SplitMix64 folded to 32 bits) for the simulated actors: same seed, same market.

/** Deterministic random numbers. */
export class Rng {
  private state: bigint;

  constructor(seed: number | string | bigint) {
    this.state = typeof seed === 'bigint' ? seed : BigInt.asUintN(64, BigInt(hashSeed(String(seed))));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    z ^= z >> 31n;
    return Number(z >> 11n) / 2 ** 53;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One of `items`, chosen by `weights`. */
  pick<T>(items: readonly T[], weights?: readonly number[]): T {
    const w = weights ?? items.map(() => 1);
    let x = this.next() * w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i++) if ((x -= w[i]!) < 0) return items[i]!;
    return items[items.length - 1]!;
  }

  /** An exponentially distributed delay with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** `n` random bytes as 0x-hex. */
  hex(n: number): string {
    let s = '0x';
    for (let i = 0; i < n; i++) s += this.int(0, 255).toString(16).padStart(2, '0');
    return s;
  }
}

function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
