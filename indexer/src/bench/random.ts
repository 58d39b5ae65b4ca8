/**
 * Seeded randomness for the benchmark's data and load: sfc32 (a small generator whose every bit
 * is random; an LCG taken modulo a small number repeats its low bits with a short period, which
 * had made 27 URLs 89% of the old search load) and a Zipf(s) sampler.
 */

/** sfc32, seeded through splitmix32 so that nearby seeds give unrelated streams. */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = splitmix();
    this.#b = splitmix();
    this.#c = splitmix();
    this.#d = splitmix();
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 0x1_0000_0000;
  }

  /** Uniform integer in [0, n): from the high bits (a multiply, not a modulo). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** An item by weight: `[[item, weight], ...]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [item, w] of choices) {
      x -= w;
      if (x < 0) return item;
    }
    return (choices.at(-1) as readonly [T, number])[0];
  }
}

/**
 * Zipf(s) over ranks 0..n-1: P(rank k) proportional to 1 / (k + 1 + q)^s, drawn by inverse CDF
 * (q > 0: Zipf-Mandelbrot, whose head is flatter, as word frequencies in text are).
 */
export class Zipf {
  readonly #cdf: Float64Array;

  constructor(
    readonly n: number,
    readonly s = 1,
    readonly q = 0,
  ) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('Zipf needs n >= 1');
    this.#cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += 1 / (k + 1 + q) ** s;
      this.#cdf[k] = sum;
    }
    for (let k = 0; k < n; k++) this.#cdf[k] = (this.#cdf[k] as number) / sum;
  }

  /** The probability of rank `k`. */
  p(k: number): number {
    return (this.#cdf[k] as number) - (k > 0 ? (this.#cdf[k - 1] as number) : 0);
  }

  /** A rank in [0, n). */
  draw(r: Random): number {
    const x = r.next();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cdf[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
