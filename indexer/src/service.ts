import type { Db } from './db/index.js';
import type { DecodedTransaction } from './ingest/decoder.js';
import { eventKeys } from './ingest/events.js';
import type { FoldEnv } from './ingest/fold/run.js';
import { type IngestOptions, type IngestResult, ingestBatch } from './ingest/ingest.js';
import type { LiveBus } from './live.js';
import type { Metrics } from './metrics.js';

/** `ingest` plus what surrounds it in a running indexer: metrics and live updates after commit. */
export class IngestService {
  constructor(
    readonly db: Db,
    readonly metrics: Metrics,
    readonly bus: LiveBus,
    readonly env?: FoldEnv,
  ) {}

  async ingest(source: string, tx: DecodedTransaction, options: IngestOptions = {}): Promise<IngestResult> {
    const [result] = await this.ingestBatch(source, [tx], options);
    if (!result) throw new Error('no ingest result');
    return result;
  }

  /** Several transactions in one database transaction (the cursor, if any, moves with them). */
  async ingestBatch(source: string, txs: DecodedTransaction[], options: IngestOptions = {}): Promise<IngestResult[]> {
    const stop = this.metrics.ingestSeconds.startTimer();
    const results = await ingestBatch(this.db, txs, this.env ? { env: this.env, ...options } : options);
    stop();
    const bySignature = new Map(txs.map((tx) => [tx.signature, tx]));
    for (const result of results) {
      this.metrics.transactions.inc({ source, result: result.status });
      const tx = bySignature.get(result.signature);
      if (!tx) continue;
      for (const [eventIndex, event] of result.events.entries()) {
        this.metrics.events.inc({ name: event.name });
        this.bus.publish({
          signature: tx.signature,
          eventIndex,
          slot: tx.slot,
          name: event.name,
          keys: eventKeys(event),
          event,
        });
      }
    }
    return results;
  }
}
