/**
 * Writes while the search benchmark reads: the synthetic history goes on (`ChainSimulator`), one
 * transaction per commit at a fixed rate through the `IngestService`, as the live source delivers
 * them in deployment, so every commit publishes its events and clears the search cache.
 */
import type { TxDecoder } from '../ingest/decoder.js';
import type { IngestService } from '../service.js';
import type { ChainSimulator } from './synthetic.js';

export interface LiveWriteStats {
  events: number;
  commits: number;
  seconds: number;
  errors: number;
  /** Commits that started more than one interval late (the writer could not keep its rate). */
  late: number;
}

export class LiveWriter {
  #running = false;
  #loop: Promise<void> | undefined;
  #stats: LiveWriteStats = { events: 0, commits: 0, seconds: 0, errors: 0, late: 0 };

  constructor(
    readonly sim: ChainSimulator,
    readonly ingest: IngestService,
    readonly decoder: TxDecoder,
    /** Transactions (one event each) a second. */
    readonly rate: number,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stats = { events: 0, commits: 0, seconds: 0, errors: 0, late: 0 };
    this.#loop = this.#run();
  }

  async stop(): Promise<LiveWriteStats> {
    this.#running = false;
    await this.#loop;
    return { ...this.#stats };
  }

  async #run(): Promise<void> {
    const interval = 1000 / this.rate;
    const started = performance.now();
    for (let i = 0; this.#running; i++) {
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else if (-wait > interval) this.#stats.late++;
      if (!this.#running) break;
      const tx = this.decoder.decode(this.sim.next(), 'confirmed');
      if (!tx) continue;
      try {
        await this.ingest.ingestBatch('bench-live', [tx]);
        this.#stats.commits++;
        this.#stats.events += tx.events.length;
      } catch (e) {
        this.#stats.errors++;
        process.stderr.write(`[bench:indexer] live write failed: ${(e as Error).message}\n`);
      }
    }
    this.#stats.seconds = (performance.now() - started) / 1000;
  }
}
