import { type CompiledQuery, sql } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { DecodedTransaction } from './decoder.js';
import { isGlobal, type ModelmintEvent } from './events.js';
import { comparePos, type FoldEnv, foldEnv, foldEvents, modelSpans, replayPartition, setMarks } from './fold/run.js';
import { lockIngest } from './lock.js';
import type { WriteInFlight, WriteOrder } from './pipeline.js';
import { type IngestPlan, planCommitted, planHolds, resolvePending } from './plan.js';
import { batchCopies, type PreparedBatch, prepareBatch, prepareValid } from './prepare.js';
import { promote } from './promote.js';
import { withRetry } from './retry.js';

/** Moves a source's cursor, in the same database transaction as the rows. */
export interface CursorUpdate {
  source: string;
  slot: string;
  signature: string | null;
  /** 'max' (default) never moves the cursor back; 'set' writes it as given (backward paging). */
  mode?: 'max' | 'set';
}

export type IngestStatus = 'new' | 'duplicate' | 'promoted';

export interface IngestResult {
  status: IngestStatus;
  signature: string;
  /** The events written (empty unless status is 'new'). */
  events: ModelmintEvent[];
}

export interface IngestOptions {
  cursor?: CursorUpdate;
  /** The program followed (default: the SDK's program address). */
  env?: FoldEnv;
  /** `prepareBatch` of the same transactions, done ahead (while an earlier batch was written). */
  prepared?: PreparedBatch;
  /** `planBatch` of the same prepared batch: written as planned if it still holds (plan.ts). */
  plan?: IngestPlan | null;
  /** Where this write stands in a pipeline of writes (pipeline.ts): a planned batch copies ahead. */
  order?: WriteOrder;
}

/** The one ingest path for a single transaction (see `ingestBatch`). */
export async function ingest(db: Db, tx: DecodedTransaction, options: IngestOptions = {}): Promise<IngestResult> {
  const [result] = await ingestBatch(db, [tx], options);
  if (!result) throw new Error('ingestBatch returned no result');
  return result;
}

/**
 * The one ingest path for every source. Writes the transactions, their events, every row they
 * imply and the source's cursor in one database transaction. A transaction's signature and each
 * event's (signature, index) are unique keys, so delivering a transaction again writes nothing
 * (or promotes its rows when it comes back finalized).
 *
 * Rows are a fold of the events in chain order, partitioned by model (a job's events belong to
 * its model; config and oracle state are global and keep the latest position). When events of a
 * model arrive after later events of that model were folded, the model's rows are re-derived
 * from its stored events (`replayPartition`), so any delivery order ends in the same rows.
 */
export async function ingestBatch(
  db: Db,
  txs: readonly DecodedTransaction[],
  options: IngestOptions = {},
): Promise<IngestResult[]> {
  const prepared = await preparedFor(txs, options);
  const env = options.env ?? (await foldEnv());
  // A pipelined write starts once the write before it holds the lock: its transaction then never
  // holds what that one still needs (rows, or PGlite's one connection).
  await options.order?.previous?.locked;
  const { results, planned, epoch } = await withRetry(() =>
    db.transaction().execute((trx) => ingestLocked(trx, txs, { ...options, env, prepared })),
  );
  // Committed: a plan built on this one may hold now.
  if (planned) planCommitted(planned, epoch);
  return results;
}

/** `ingestBatch` inside a caller's transaction (no plan or pipeline order: its commit is the caller's). */
export async function ingestIn(
  trx: Trx,
  txs: readonly DecodedTransaction[],
  options: IngestOptions & { env: FoldEnv },
): Promise<IngestResult[]> {
  const prepared = await preparedFor(txs, options);
  return (await ingestLocked(trx, txs, { ...options, plan: null, order: undefined, prepared })).results;
}

async function preparedFor(txs: readonly DecodedTransaction[], options: IngestOptions): Promise<PreparedBatch> {
  if (options.prepared && options.prepared.txs !== txs)
    throw new Error('ingest: batch prepared for other transactions');
  if (options.plan && options.plan.prepared !== options.prepared) throw new Error('ingest: plan for another batch');
  return options.prepared ?? (await prepareBatch(txs));
}

async function ingestLocked(
  trx: Trx,
  txs: readonly DecodedTransaction[],
  options: IngestOptions & { env: FoldEnv; prepared: PreparedBatch },
): Promise<{ results: IngestResult[]; planned: IngestPlan | null; epoch: bigint }> {
  const { prepared, order } = options;
  let plan = options.plan ?? null;
  // A write that follows another in a pipeline copies its batch while that one finishes, and
  // takes the lock once it has ended.
  let ahead = false;
  if (order?.previous) {
    if (plan && copiesAhead(plan)) ahead = await copyAhead(trx, plan);
    await ended(order.previous);
  }
  // Serialises writers: the fold reads rows and writes them back, so two ingests never interleave.
  let epoch = await lockIngest(trx);
  order?.locked();
  let results: Map<string, IngestResult> | null = null;
  if (ahead && plan) {
    if (planHolds(plan, epoch)) {
      await sql`release savepoint ingest_ahead`.execute(trx);
      results = await writeFold(trx, plan);
    } else {
      // Another write came first: undo the copies (and the lock taken after them), and write the
      // batch the ordinary way.
      await sql`rollback to savepoint ingest_ahead`.execute(trx);
      epoch = await lockIngest(trx);
      plan = null;
    }
  }
  if (!results) {
    if (plan && !planHolds(plan, epoch)) plan = null;
    // Most batches are all new (a backfill, a live stream): write them assuming so, and only when
    // the transactions' key says one is stored already go back and sort them out.
    await sql`savepoint ingest_new`.execute(trx);
    try {
      results = plan ? await writePlanned(trx, plan) : await writeNew(trx, options.env, prepared);
      await sql`release savepoint ingest_new`.execute(trx);
    } catch (error) {
      if (!isStoredAlready(error)) throw error;
      await sql`rollback to savepoint ingest_new`.execute(trx);
      plan = null;
      results = await writeSome(trx, options.env, prepared.unique);
    }
  }
  if (options.cursor) await moveCursor(trx, options.cursor);
  const bySignature = results;
  return { results: txs.map((tx) => bySignature.get(tx.signature) as IngestResult), planned: plan, epoch };
}

/**
 * Whether a planned batch may copy ahead of the write before it: only if none of its transactions
 * is in that batch (whose rows it would otherwise wait on, and they on its).
 */
function copiesAhead(plan: IngestPlan): boolean {
  const before = plan.after?.prepared.unique;
  if (!before) return true;
  const signatures = new Set(before.map((tx) => tx.signature));
  return !plan.prepared.unique.some((tx) => signatures.has(tx.signature));
}

/**
 * Copies a planned batch's transactions and events while the write before it finishes its fold
 * (they are new keys: no lock or row of that batch needed), in a savepoint undone if the plan
 * turns out not to hold. False when a transaction turned out stored (the ordinary path sorts the
 * batch out).
 */
async function copyAhead(trx: Trx, plan: IngestPlan): Promise<boolean> {
  await sql`savepoint ingest_ahead`.execute(trx);
  try {
    await runCopies(trx, plan.copies);
    return true;
  } catch (error) {
    if (!isStoredAlready(error)) throw error;
    await sql`rollback to savepoint ingest_ahead`.execute(trx);
    return false;
  }
}

/** Waits for the write before this one: a batch never commits unless the one before it did. */
async function ended(previous: WriteInFlight): Promise<void> {
  try {
    await previous.done;
  } catch (cause) {
    throw new Error('ingest: the batch before this one was not written, so this one is not either', { cause });
  }
}

/** A unique violation of the transactions' primary key: a transaction of the batch is stored. */
function isStoredAlready(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; constraint_name?: unknown } | null;
  return e?.code === '23505' && (e.constraint_name ?? e.constraint) === 'transactions_pkey';
}

/** Sorts a batch into stored and new transactions, writes the new ones, promotes the others. */
async function writeSome(trx: Trx, env: FoldEnv, txs: DecodedTransaction[]): Promise<Map<string, IngestResult>> {
  const stored = await sql<{ signature: string }>`select t.signature from transactions t
    join unnest(${txs.map((tx) => tx.signature)}::text[]) as k(v) on t.signature = k.v`.execute(trx);
  const known = new Set(stored.rows.map((r) => r.signature));
  const fresh = txs.filter((tx) => !known.has(tx.signature));
  const results = await writeNew(trx, env, prepareValid(fresh, fresh));
  for (const tx of txs) {
    if (!known.has(tx.signature)) continue;
    const promoted = tx.commitment === 'finalized' && (await promote(trx, tx.signature));
    results.set(tx.signature, { status: promoted ? 'promoted' : 'duplicate', signature: tx.signature, events: [] });
  }
  return results;
}

/**
 * Writes transactions none of which is stored: the transactions, their events (both with COPY,
 * while the fold applies the events in memory), then the rows the events imply.
 */
async function writeNew(trx: Trx, env: FoldEnv, batch: PreparedBatch): Promise<Map<string, IngestResult>> {
  if (batch.unique.length === 0) return newResults(batch);
  if (batch.fresh.length === 0) await runCopies(trx, batchCopies(batch, []));
  else await writeAndFold(trx, env, batch);
  return newResults(batch);
}

/** Writes a planned batch: its statements were built before the transaction (plan.ts). */
async function writePlanned(trx: Trx, plan: IngestPlan): Promise<Map<string, IngestResult>> {
  await runCopies(trx, plan.copies);
  return writeFold(trx, plan);
}

async function runCopies(trx: Trx, copies: readonly CompiledQuery[]): Promise<void> {
  for (const query of copies) await trx.executeQuery(query);
}

/** A planned batch's fold writes and marks (its copies are in). */
async function writeFold(trx: Trx, plan: IngestPlan): Promise<Map<string, IngestResult>> {
  if (plan.prepared.unique.length === 0) return newResults(plan.prepared);
  for (const query of plan.queries) await trx.executeQuery(query);
  await setMarks(trx, new Map(plan.marks));
  return newResults(plan.prepared);
}

function newResults(batch: PreparedBatch): Map<string, IngestResult> {
  const results = new Map<string, IngestResult>();
  for (const tx of batch.unique) {
    results.set(tx.signature, { status: 'new', signature: tx.signature, events: tx.err === null ? tx.events : [] });
  }
  return results;
}

async function writeAndFold(trx: Trx, env: FoldEnv, batch: PreparedBatch): Promise<void> {
  const { requested } = batch;
  // Events of jobs requested before this batch take their model from the jobs table.
  const { fresh, pending } = await resolvePending(trx, batch, undefined);

  const replay = new Set<string>();
  // Events of a job stored before its request (the model was unknown) join the model now. (This
  // batch's events of such a job took the model above, so the update only finds older ones.)
  if (requested.size > 0) {
    const joined = await sql<{ model: string }>`update events e set model = r.model
      from unnest(${[...requested.keys()]}::text[], ${[...requested.values()]}::text[]) as r(job, model)
      where e.job = r.job and e.model is null returning e.model`.execute(trx);
    for (const row of joined.rows) replay.add(row.model);
  }

  const { first, last } = modelSpans(fresh);
  if (first.size > 0) {
    const marks = await trx
      .selectFrom('fold_partitions')
      .select(['model', 'pos'])
      .where('model', 'in', [...first.keys()])
      .execute();
    for (const mark of marks) {
      const lo = first.get(mark.model);
      if (lo !== undefined && comparePos(lo, mark.pos) <= 0) replay.add(mark.model);
    }
  }

  // The transactions and events are copied while the fold applies; a replay reads the stored
  // events, so it runs after both are in.
  const copies = batchCopies(batch, pending);
  await foldEvents(
    trx,
    env,
    fresh.filter((f) => (f.model === null ? isGlobal(f.event) : !replay.has(f.model))),
    () => runCopies(trx, copies),
  );
  for (const model of replay) {
    const pos = await replayPartition(trx, env, model);
    if (pos !== null) last.set(model, pos);
  }
  await setMarks(trx, last);
}

async function moveCursor(trx: Trx, cursor: CursorUpdate): Promise<void> {
  const values = {
    source: cursor.source,
    slot: cursor.slot,
    signature: cursor.signature,
    updated_at: sql<Date>`now()`,
  };
  await trx
    .insertInto('ingest_cursors')
    .values(values)
    .onConflict((oc) => {
      const update = oc.column('source').doUpdateSet({
        slot: sql`excluded.slot`,
        signature: sql`excluded.signature`,
        updated_at: sql`excluded.updated_at`,
      });
      return cursor.mode === 'set' ? update : update.where('ingest_cursors.slot', '<=', sql<string>`excluded.slot`);
    })
    .execute();
}
