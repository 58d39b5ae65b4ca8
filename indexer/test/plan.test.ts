// Batches planned ahead (ingest/plan.ts, ingest/pipeline.ts): each batch's fold is worked out
// while the one before it is written, on the rows that batch leaves. Whatever happens between,
// the database must end as a batch-by-batch ingest leaves it.
import { PROGRAM_ADDRESS } from '@modelmint/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticHistory } from '../src/bench/synthetic.js';
import { columnTypes } from '../src/db/columns.js';
import type { DecodedTransaction } from '../src/ingest/decoder.js';
import { foldEnv } from '../src/ingest/fold/run.js';
import { FoldState, type RowMap } from '../src/ingest/fold/state.js';
import { applyEvent } from '../src/ingest/handlers/index.js';
import { ingest, ingestBatch } from '../src/ingest/ingest.js';
import { createLogDecoder } from '../src/ingest/log-decoder.js';
import { IngestPipeline } from '../src/ingest/pipeline.js';
import type { IngestPlan } from '../src/ingest/plan.js';
import { prepareBatch } from '../src/ingest/prepare.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';
import { scenario, shuffled } from './helpers/scenario.js';
import { snapshot } from './helpers/snapshot.js';

const env = await foldEnv(PROGRAM_ADDRESS);
const decoder = createLogDecoder(PROGRAM_ADDRESS);
// Jobs whose lifecycles span batches (settled a 30 s window, ~3 batches, after delivery),
// subscriptions, passes, ratings: the benchmark's history.
const history = syntheticHistory({ programId: PROGRAM_ADDRESS, events: 1500, disputeWindowSecs: 30 })
  .txs.map((raw) => decoder.decode(raw, 'confirmed'))
  .filter((tx): tx is DecodedTransaction => tx !== null);

function batchesOf<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}

/**
 * Ingests `batches` through a pipeline; `before(i)` runs just before batch i is written. Returns
 * the plan each batch was written with (null: none).
 */
async function pipelined(
  t: TestDb,
  batches: DecodedTransaction[][],
  before: (i: number) => Promise<void> = async () => {},
): Promise<(IngestPlan | null)[]> {
  const pipeline = new IngestPipeline(t.db, env);
  const plans: (IngestPlan | null)[] = [];
  for (const [i, batch] of batches.entries()) {
    const prepared = await prepareBatch(batch, true);
    await pipeline.push(prepared, async (plan, order) => {
      plans[i] = plan;
      await before(i);
      await ingestBatch(t.db, batch, { env, prepared, plan, order });
    });
  }
  await pipeline.drain();
  return plans;
}

const committed = (plans: (IngestPlan | null)[]) => plans.map((p) => p?.committedEpoch != null);

describe.each(backends)('planned batches on %s', (kind) => {
  let t: TestDb;
  let serial: Awaited<ReturnType<typeof snapshot>>;
  let scenarioRows: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    t = await freshDb(kind);
    for (const batch of batchesOf(history, 100)) await ingestBatch(t.db, batch, { env });
    serial = await snapshot(t.db);
    await truncate(t);
    for (const tx of scenario()) await ingest(t.db, tx, { env });
    scenarioRows = await snapshot(t.db);
  });
  afterAll(() => t?.dispose());

  async function truncate(db: TestDb) {
    const { sql } = await import('kysely');
    await sql`truncate transactions, events, ingest_cursors, config, oracles, models, model_cards, model_versions,
      access_grants, subscriptions, passes, jobs, payments, disputes, ratings, fold_partitions, trusted_mints`.execute(
      db.db,
    );
  }

  it('writes every batch of a backfill as planned, ending in the batch-by-batch database', async () => {
    await truncate(t);
    const plans = await pipelined(t, batchesOf(history, 100));
    expect(committed(plans)).toEqual(plans.map(() => true));
    expect(await snapshot(t.db)).toEqual(serial);
  });

  it('drops a plan another write came before, and plans the next batch afresh', async () => {
    const txs = scenario();
    const batches = batchesOf(txs, 3);
    await truncate(t);
    const undisturbed = committed(await pipelined(t, batches));
    expect(undisturbed.slice(1, 4)).toEqual([true, true, true]);

    // Another source writes between batches 1 and 2: the first transaction again, now finalized
    // (its rows are promoted).
    const finalized = { ...(txs[0] as DecodedTransaction), commitment: 'finalized' as const };
    await truncate(t);
    const plans = await pipelined(t, batches, async (i) => {
      if (i === 2) expect((await ingest(t.db, finalized, { env })).status).toBe('promoted');
    });
    // Batch 2's plan is dropped. Batch 3 was planned on it and may have started copying before
    // batch 2 ended (then it takes the ordinary path too); every batch after is planned afresh.
    const used = committed(plans);
    expect(used[2]).toBe(false);
    expect([...used.slice(0, 2), ...used.slice(4)]).toEqual([...undisturbed.slice(0, 2), ...undisturbed.slice(4)]);
    const disturbed = await snapshot(t.db);

    await truncate(t);
    for (const tx of txs) await ingest(t.db, tx, { env });
    await ingest(t.db, finalized, { env });
    expect(disturbed).toEqual(await snapshot(t.db));
  });

  it('commits no batch after one whose write failed, though it had started copying', async () => {
    await truncate(t);
    const batches = batchesOf(history.slice(0, 400), 100);
    const pipeline = new IngestPipeline(t.db, env);
    const followed: boolean[] = [];
    const failures: unknown[] = [];
    let startBehind = () => {};
    const behind = new Promise<void>((resolve) => {
      startBehind = resolve;
    });
    const run = async () => {
      for (const [i, batch] of batches.entries()) {
        const prepared = await prepareBatch(batch, true);
        await pipeline.push(prepared, async (plan, order) => {
          followed[i] = order.previous !== null;
          // Batch 1's sink fails once batch 2's write has started behind it.
          if (i === 2) startBehind();
          if (i === 1) {
            await behind;
            throw new Error('sink failed');
          }
          await ingestBatch(t.db, batch, { env, prepared, plan, order }).catch((error: unknown) => {
            failures[i] = error;
            throw error;
          });
        });
      }
      await pipeline.drain();
    };
    await expect(run()).rejects.toThrow(/sink failed/);
    expect(followed[2]).toBe(true);
    expect(String(failures[2])).toMatch(/batch before this one was not written/);
    const stored = await t.db.selectFrom('transactions').select('signature').execute();
    expect(stored.map((r) => r.signature).sort()).toEqual((batches[0] ?? []).map((tx) => tx.signature).sort());
  });

  it('ends as without the pipeline when consecutive batches share a transaction', async () => {
    const batches = batchesOf(history.slice(0, 300), 100);
    await truncate(t);
    await pipelined(t, batches);
    const clean = await snapshot(t.db);
    // Batch 2 delivers batch 1's last transaction again: it must not copy ahead of batch 1.
    const repeated = batches.map((b, i) => (i === 2 ? [(batches[1] ?? []).at(-1) as DecodedTransaction, ...b] : b));
    await truncate(t);
    await pipelined(t, repeated);
    expect(await snapshot(t.db)).toEqual(clean);
  });

  it('takes the ordinary path for batches that join stored events or replay a model', async () => {
    await truncate(t);
    const plans = await pipelined(t, batchesOf(shuffled(scenario(), 4), 3));
    expect(plans.some((p) => p === null)).toBe(true);
    expect(await snapshot(t.db)).toEqual(scenarioRows);
  });

  it('refuses a plan made for another batch', async () => {
    await truncate(t);
    const [a, b] = batchesOf(history.slice(0, 20), 10) as [DecodedTransaction[], DecodedTransaction[]];
    const pipeline = new IngestPipeline(t.db, env);
    let stolen: IngestPlan | null = null;
    await pipeline.push(await prepareBatch(a), async (plan) => {
      stolen = plan;
    });
    await pipeline.drain();
    await expect(ingestBatch(t.db, b, { env, prepared: await prepareBatch(b), plan: stolen })).rejects.toThrow(
      /plan for another batch/,
    );
  });

  // A batch's rows mix rows loaded from the database with rows a planned batch before it created
  // in memory, in one multi-row upsert: both must have the same columns.
  it('creates rows with every column a loaded row has', async () => {
    await truncate(t);
    const state = new FoldState(env.programId, env.configAddress, env.feeVault);
    const { fresh } = await prepareBatch([...scenario(), ...history]);
    const folded = fresh.filter((f) => f.model !== null || f.job === null);
    await state.load(t.db, folded);
    for (const e of folded) applyEvent({ state, e }, e.event);
    const tables: [string, RowMap<object>][] = [
      ['config', state.config],
      ['oracles', state.oracles],
      ['models', state.models],
      ['model_versions', state.versions],
      ['access_grants', state.grants],
      ['subscriptions', state.subscriptions],
      ['passes', state.passes],
      ['jobs', state.jobs],
      ['disputes', state.disputes],
      ['ratings', state.ratings],
    ];
    const generated = new Set(['search', 'search_name', 'search_tags', 'rating_key']);
    for (const [table, rows] of tables) {
      expect(rows.rows.size, table).toBeGreaterThan(0);
      const columns = [...(await columnTypes(t.db, table)).keys()].filter((c) => !generated.has(c)).sort();
      for (const row of rows.rows.values()) expect(Object.keys(row).sort(), table).toEqual(columns);
    }
  });
});
