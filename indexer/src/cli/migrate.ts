/**
 * `npm run migrate -w @modelmint/indexer`: applies every pending migration to the indexer's
 * database (DATABASE_URL, else the PGlite directory of `loadConfig`) and prints what ran.
 */
import { loadConfig } from '../config.js';
import { createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';

const config = loadConfig();
const { db, kind, close } = await createDb({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
try {
  const ran = await migrateToLatest(db);
  for (const line of ran) process.stdout.write(`${line}\n`);
  process.stdout.write(`${kind} database up to date (${ran.length} applied)\n`);
} finally {
  await close();
}
