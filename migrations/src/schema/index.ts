import type { AccessGrantsTable, PassesTable, SubscriptionsTable } from './access.js';
import type { EventsTable, FoldPartitionsTable, IngestCursorsTable, TransactionsTable } from './chain.js';
import type { ConfigTable, OraclesTable, TrustedMintsTable } from './config.js';
import type { DisputesTable, JobsTable, JobTimelineTable, PaymentsTable, RatingsTable } from './jobs.js';
import type { ModelCardsTable, ModelsTable, ModelVersionsTable } from './models.js';
import type { OracleProgressTable } from './progress.js';

export type * from './access.js';
export type * from './chain.js';
export type * from './common.js';
export type * from './config.js';
export type * from './jobs.js';
export type * from './models.js';
export type * from './progress.js';

/** The indexer's database, as kysely sees it. */
export interface Database {
  transactions: TransactionsTable;
  events: EventsTable;
  ingest_cursors: IngestCursorsTable;
  config: ConfigTable;
  oracles: OraclesTable;
  models: ModelsTable;
  model_cards: ModelCardsTable;
  model_versions: ModelVersionsTable;
  access_grants: AccessGrantsTable;
  subscriptions: SubscriptionsTable;
  passes: PassesTable;
  jobs: JobsTable;
  job_timeline: JobTimelineTable;
  payments: PaymentsTable;
  disputes: DisputesTable;
  ratings: RatingsTable;
  fold_partitions: FoldPartitionsTable;
  oracle_progress: OracleProgressTable;
  trusted_mints: TrustedMintsTable;
}

/** Tables whose rows mirror on-chain accounts; a rebuild empties and replays them. */
export const MIRROR_TABLES = [
  'config',
  'oracles',
  'models',
  'model_versions',
  'access_grants',
  'subscriptions',
  'passes',
  'jobs',
  'disputes',
  'ratings',
  'trusted_mints',
] as const satisfies readonly (keyof Database)[];

/** Mirror tables whose rows belong to one model (deleted and replayed together). */
export const PARTITION_TABLES = [
  'models',
  'model_versions',
  'access_grants',
  'subscriptions',
  'passes',
  'jobs',
  'disputes',
  'ratings',
] as const satisfies readonly (keyof Database)[];

/** Tables with one row per event (keyed by signature and event index). */
export const EVENT_ROW_TABLES = ['events', 'payments'] as const satisfies readonly (keyof Database)[];
