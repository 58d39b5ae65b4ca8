import { randomBytes } from 'node:crypto';
import { PROGRAM_ADDRESS } from '@modelmint/sdk';
import { Kysely } from 'kysely';
import postgres from 'postgres';
import { migrateToLatest } from '../db/migrate.js';
import { postgresDialect } from '../db/postgres.js';
import type { DecodedTransaction } from '../ingest/decoder.js';
import { foldEnv } from '../ingest/fold/run.js';
import { ingestBatch } from '../ingest/ingest.js';
import { createLogDecoder } from '../ingest/log-decoder.js';
import { syntheticHistory } from './synthetic.js';

const EVENTS = Number(process.env.N ?? 30000);
const server = 'postgres://postgres@127.0.0.1:54329/modelmint';
const name = `mm_prof_${randomBytes(4).toString('hex')}`;
const admin = postgres(server, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}${process.env.C ? " template template0 lc_collate 'C' lc_ctype 'C'" : ''}`);
const url = new URL(server);
url.pathname = `/${name}`;
const { txs, events } = syntheticHistory({ programId: PROGRAM_ADDRESS, events: EVENTS });
const stats = new Map<string, [number, number]>();
const db = new Kysely<any>({
  dialect: postgresDialect(url.toString(), { max: 4 }),
  log: (e) => {
    const k = e.query.sql.replace(/\s+/g, ' ').slice(0, 70);
    const v = stats.get(k) ?? [0, 0];
    v[0]++;
    v[1] += e.queryDurationMillis;
    stats.set(k, v);
  },
});
const handle = { db, close: () => db.destroy() };
await migrateToLatest(handle.db);
stats.clear();
const decoder = createLogDecoder(PROGRAM_ADDRESS);
const env = await foldEnv(PROGRAM_ADDRESS);
let t = performance.now();
const decoded = txs
  .map((raw) => decoder.decode(raw, 'confirmed'))
  .filter((tx): tx is DecodedTransaction => tx !== null);
console.log(name, 'decode', ((performance.now() - t) / 1000).toFixed(2), 's');

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const session = new Session();
session.connect();
if (process.env.PROF) {
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
t = performance.now();
const B = Number(process.env.B ?? 2000);
for (let i = 0; i < decoded.length; i += B) {
  const before = [...stats.values()].reduce((a, v) => a + v[1], 0);
  const t0 = performance.now();
  await ingestBatch(handle.db, decoded.slice(i, i + B), { env });
  const after = [...stats.values()].reduce((a, v) => a + v[1], 0);
  if (process.env.PER)
    console.log('batch', i / B, 'wall', (performance.now() - t0).toFixed(0), 'stmts', (after - before).toFixed(0));
}
const s = (performance.now() - t) / 1000;
if (process.env.PROF) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROF, JSON.stringify(profile));
}
for (const [k, v] of [...stats].sort((a, b) => b[1][1] - a[1][1]).slice(0, 25)) console.log(v[0], v[1].toFixed(0), k);
console.log('ingest', s.toFixed(2), 's', Math.round(events / s), 'ev/s');
await handle.close();
if (!process.env.KEEP) await admin.unsafe(`drop database ${name} with (force)`);
await admin.end();
