import type { Db } from './db/index.js';
import type { DecodedTransaction } from './ingest/decoder.js';
import { eventKeys } from './ingest/handlers/index.js';
import { type IngestOptions, type IngestResult, ingest } from './ingest/ingest.js';
import type { LiveBus } from './live.js';
import type { Metrics } from './metrics.js';

/** `ingest` plus what surrounds it in a running indexer: metrics and live updates after commit. */
export class IngestService {
  constructor(
    readonly db: Db,
    readonly metrics: Metrics,
    readonly bus: LiveBus,
  ) {}

  async ingest(source: string, tx: DecodedTransaction, options: IngestOptions = {}): Promise<IngestResult> {
    const stop = this.metrics.ingestSeconds.startTimer();
    const result = await ingest(this.db, tx, options);
    stop();
    this.metrics.transactions.inc({ source, result: result.status });
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
    return result;
  }
}
