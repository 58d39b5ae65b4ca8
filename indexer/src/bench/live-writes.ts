/**
 * Writes while the search benchmark reads: the synthetic history goes on (`ChainSimulator`) at a
 * fixed rate of transactions through the `IngestService`, as the live source delivers them in
 * deployment: each commit takes every transaction that has come since the last one (one, when
 * commits keep up; more, as a catch-up would, when they fall behind), publishes its events and
 * clears the search cache.
 */
import type { TxDecoder } from '../ingest/decoder.js';
import type { IngestService } from '../service.js';
import type { ChainSimulator } from './synthetic.js';

export interface LiveWriteStats {
  events: number;
  commits: number;
  seconds: number;
  errors: number;
  /** Commits that took more than one transaction (the writer had fallen behind its rate). */
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
    let sent = 0;
    while (this.#running) {
      const due = Math.floor((performance.now() - started) / interval) + 1 - sent;
      if (due <= 0) {
        await new Promise((r) => setTimeout(r, Math.max(0, started + sent * interval - performance.now())));
        continue;
      }
      const txs = Array.from({ length: due }, () => this.decoder.decode(this.sim.next(), 'confirmed')).filter(
        (tx) => tx !== null,
      );
      sent += due;
      if (due > 1) this.#stats.late++;
      try {
        await this.ingest.ingestBatch('bench-live', txs);
        this.#stats.commits++;
        this.#stats.events += txs.reduce((n, tx) => n + tx.events.length, 0);
      } catch (e) {
        this.#stats.errors++;
        process.stderr.write(`[bench:indexer] live write failed: ${(e as Error).message}\n`);
      }
    }
    this.#stats.seconds = (performance.now() - started) / 1000;
  }
}
