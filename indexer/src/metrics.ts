import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The indexer's Prometheus metrics, on a registry of its own (several apps can share a process). */
export class Metrics {
  readonly registry = new Registry();
  readonly transactions = new Counter({
    name: 'modelmint_indexer_transactions_total',
    help: 'Transactions offered to ingest, by source and result (new, duplicate, promoted, skipped)',
    labelNames: ['source', 'result'] as const,
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: 'modelmint_indexer_events_total',
    help: 'Program events written',
    labelNames: ['name'] as const,
    registers: [this.registry],
  });
  readonly ingestSeconds = new Histogram({
    name: 'modelmint_indexer_ingest_seconds',
    help: 'Time to ingest one transaction',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: 'modelmint_indexer_rejected_requests_total',
    help: 'Requests refused, by route and reason',
    labelNames: ['route', 'reason'] as const,
    registers: [this.registry],
  });
  readonly repaired = new Counter({
    name: 'modelmint_indexer_repaired_rows_total',
    help: 'Mirror rows reconciliation changed to match the chain',
    registers: [this.registry],
  });
  readonly finality = new Counter({
    name: 'modelmint_indexer_finality_total',
    help: 'Confirmed transactions settled with the chain, by outcome (promoted, dropped, moved)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly sseClients = new Gauge({
    name: 'modelmint_indexer_sse_clients',
    help: 'Connected server-sent-events clients',
    registers: [this.registry],
  });
}
