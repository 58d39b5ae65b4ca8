/**
 * Recent search pages by query: a marketplace's front page and category pages repeat the same
 * few searches. Every committed event clears the cache (any event can move a model's counters or
 * card), and entries also expire after `ttlMs`, which bounds how long a change made by another
 * writer (a second indexer process on the same database, the model-card fetcher) stays unseen.
 */
export class SearchCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  #generation = 0;

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 1_000,
    readonly now: () => number = () => performance.now(),
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Taken before computing a page and given to `set`: a page read before a clear is not kept after it. */
  get generation(): number {
    return this.#generation;
  }

  set(key: string, value: V, generation = this.#generation): void {
    if (this.ttlMs <= 0 || generation !== this.#generation) return;
    this.#entries.delete(key);
    // Oldest insertion goes first: a Map iterates in insertion order.
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expires: this.now() + this.ttlMs });
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
