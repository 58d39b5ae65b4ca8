// A small seeded PRNG (mulberry32) for reproducible fuzz runs. Everything
// random in a run (keys, amounts, operation choices) comes from one of these.

/** Deterministic 32-bit generator; the same seed gives the same stream. */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** The next 32-bit unsigned value. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (n <= 0) throw new RangeError('int(n) needs n > 0');
    return Math.floor((this.next() / 0x1_0000_0000) * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }

  /** A 48-bit random bigint (job nonces). */
  u48(): bigint {
    return (BigInt(this.next() & 0xffff) << 32n) | BigInt(this.next());
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((n, [, w]) => n + w, 0);
    let x = (this.next() / 0x1_0000_0000) * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new RangeError('no weights');
    return last[0];
  }
}

/** The seed from MODELMINT_FUZZ_SEED (decimal or 0x hex), or a random one. */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.MODELMINT_FUZZ_SEED?.trim();
  if (text) {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff) {
      throw new RangeError(`MODELMINT_FUZZ_SEED must be a 32-bit unsigned integer, got "${text}"`);
    }
    return n >>> 0;
  }
  return Math.floor(Math.random() * 0x1_0000_0000) >>> 0;
}
