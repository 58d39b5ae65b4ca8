/**
 * Recent search pages by query: a marketplace's front page and category pages repeat the same
 * few searches. Every committed event clears the cache (any event can move a model's counters or
 * card), and entries also expire after `ttlMs`, which bounds how long a change made by another
 * writer (a second indexer process on the same database, the model-card fetcher) stays unseen.
 * Concurrent misses of one query share one computation (`getOrCompute`), so a clear does not send
 * every waiting request of a popular search to the database at once. Bounded: at most
 * `maxEntries` pages kept and as many computations shared.
 */
export class SearchCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  readonly #inFlight = new Map<string, Promise<V>>();
  #generation = 0;
  /** Answered from memory, from a computation already running, or by computing. */
  readonly counts = { hits: 0, coalesced: 0, misses: 0 };

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

  /**
   * The value for `key`: from memory, else from the computation running for it since the last
   * clear, else from `compute` (kept unless a clear came meanwhile). A computation that fails is
   * neither kept nor shared after it ends.
   */
  getOrCompute(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) {
      this.counts.hits++;
      return Promise.resolve(hit);
    }
    const running = this.#inFlight.get(key);
    if (running) {
      this.counts.coalesced++;
      return running;
    }
    this.counts.misses++;
    const generation = this.#generation;
    const computed = compute().then((value) => {
      this.set(key, value, generation);
      return value;
    });
    if (this.#inFlight.size < this.maxEntries) {
      this.#inFlight.set(key, computed);
      const done = () => {
        if (this.#inFlight.get(key) === computed) this.#inFlight.delete(key);
      };
      computed.then(done, done);
    }
    return computed;
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

  /** Forgets every page, and every computation started before: later requests see later writes. */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#inFlight.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
