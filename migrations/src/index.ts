import type { Migration, MigrationProvider } from 'kysely/migration';
import * as chain from './migrations/20261122T1600_chain.js';
import * as configOracles from './migrations/20261122T1601_config_oracles.js';
import * as models from './migrations/20261122T1602_models.js';
import * as access from './migrations/20261122T1603_access.js';
import * as jobs from './migrations/20261122T1604_jobs.js';
import * as programAccounts from './migrations/20261123T0900_program_accounts.js';
import * as ingestSpeed from './migrations/20261123T1000_ingest_speed.js';
import * as searchTiers from './migrations/20261123T1001_search_tiers.js';
import * as readPaths from './migrations/20261123T1002_read_paths.js';
import * as ingestEpoch from './migrations/20261123T1003_ingest_epoch.js';
import * as moneySafety from './migrations/20261204T1500_money_safety.js';
import * as cardRetries from './migrations/20261204T1600_card_retries.js';
import * as searchColumns from './migrations/20261204T1601_search_columns.js';

export * from './schema/index.js';

/** Every migration by name; names sort in the order they run. Append only. */
export const migrations: Record<string, Migration> = {
  '20261122T1600_chain': chain,
  '20261122T1601_config_oracles': configOracles,
  '20261122T1602_models': models,
  '20261122T1603_access': access,
  '20261122T1604_jobs': jobs,
  '20261123T0900_program_accounts': programAccounts,
  '20261123T1000_ingest_speed': ingestSpeed,
  '20261123T1001_search_tiers': searchTiers,
  '20261123T1002_read_paths': readPaths,
  '20261123T1003_ingest_epoch': ingestEpoch,
  '20261204T1500_money_safety': moneySafety,
  '20261204T1600_card_retries': cardRetries,
  '20261204T1601_search_columns': searchColumns,
};

/** A provider for kysely's `Migrator` that needs no file system access. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
