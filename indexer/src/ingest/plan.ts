import { setImmediate as yieldToIo } from 'node:timers/promises';
import { type CompiledQuery, sql } from 'kysely';
import type { Db, DbOrTrx } from '../db/index.js';
import { isGlobal } from './events.js';
import { comparePos, type FoldEnv, modelSpans } from './fold/run.js';
import { type FoldEvent, FoldState } from './fold/state.js';
import { applyEvent } from './handlers/index.js';
import { lockIngest } from './lock.js';
import { batchCopies, type PreparedBatch } from './prepare.js';

/** What a plan knows of the database once it is committed: the next batch plans on it. */
interface Carry {
  /** The fold's rows after the batch, and the keys it looked up. */
  state: FoldState | null;
  /** Fold marks of the batch's models after it. */
  marks: ReadonlyMap<string, string>;
  /** Jobs with events stored without a model (their request not seen yet). */
  unjoined: ReadonlySet<string>;
}

/**
 * A batch's fold worked out before its database transaction (while the batch before it is still
 * being written): the statements that write its events and rows, built on the database as that
 * batch leaves it (`after`) or as read under the ingest lock (`baseEpoch`).
 *
 * It holds only if nothing else wrote in between: the ingest that commits it checks that the
 * ingest lock's epoch (lock.ts) is the next after its base; otherwise, or when its transactions
 * turn out stored already, the ingest takes the ordinary path (ingest.ts) and the plan is dropped.
 * Batches that need what a plan cannot know (earlier events joining a job's model, a model's
 * replay) get no plan.
 */
export interface IngestPlan {
  readonly prepared: PreparedBatch;
  /** The plan this one was built on, until this one commits. */
  after: IngestPlan | null;
  /** The epoch read with this plan's rows (null when built on `after`). */
  readonly baseEpoch: bigint | null;
  /**
   * The batch's transactions and events: plain COPYs of new keys, which need neither the ingest
   * lock nor the rows of the batch before (a pipelined write runs them while that batch finishes).
   */
  readonly copies: readonly CompiledQuery[];
  /** The fold's writes, in order: they need the lock and the batch before committed. */
  readonly queries: readonly CompiledQuery[];
  /** Fold marks to set: the last event position per model. */
  readonly marks: ReadonlyMap<string, string>;
  readonly carry: Carry;
  /** The epoch it committed at (null until an ingest commits through it). */
  committedEpoch: bigint | null;
}

/** Whether `plan` still holds when the ingest lock hands out `epoch`. */
export function planHolds(plan: IngestPlan, epoch: bigint): boolean {
  const base = plan.after ? plan.after.committedEpoch : plan.baseEpoch;
  return base !== null && epoch === base + 1n;
}

/** Records that an ingest committed through `plan` at `epoch` (and lets go of what it was built on). */
export function planCommitted(plan: IngestPlan, epoch: bigint): void {
  plan.committedEpoch = epoch;
  plan.after = null;
}

/** Events applied between two yields: a plan is built while another batch's statements run. */
const YIELD_EVERY = 500;

/**
 * Plans a batch (see `IngestPlan`), on `after` when given (whose rows its reads complete), else on
 * the database read under the ingest lock. Null when the batch needs the ordinary path.
 */
export async function planBatch(
  db: Db,
  env: FoldEnv,
  prepared: PreparedBatch,
  after: IngestPlan | null = null,
): Promise<IngestPlan | null> {
  if (after) return planOn(db, db, env, prepared, after, null);
  // Read under the lock: no write is half done while the rows are read.
  return db.transaction().execute(async (trx) => planOn(trx, db, env, prepared, null, await lockIngest(trx)));
}

async function planOn(
  reader: DbOrTrx,
  db: Db,
  env: FoldEnv,
  prepared: PreparedBatch,
  after: IngestPlan | null,
  baseEpoch: bigint | null,
): Promise<IngestPlan | null> {
  const carry = after?.carry;
  const { fresh, pending } = await resolvePending(reader, prepared, carry);
  if (await joinsStoredEvents(reader, prepared.requested, carry)) return null;

  const { first, last } = modelSpans(fresh);
  const marks = await foldMarks(reader, [...first.keys()], carry);
  for (const [model, lo] of first) {
    const mark = marks.get(model);
    // An event before one already folded: the model is replayed, which only the ordinary path does.
    if (mark !== undefined && comparePos(lo, mark) <= 0) return null;
  }

  const ordered = fresh.filter((f) => f.model !== null || isGlobal(f.event));
  let state: FoldState | null = null;
  const copies = batchCopies(prepared, pending);
  const queries: CompiledQuery[] = [];
  if (ordered.length > 0) {
    state = new FoldState(env.programId, env.configAddress, env.feeVault);
    await state.load(reader, ordered, carry?.state ?? undefined);
    for (let i = 0; i < ordered.length; i++) {
      if (i > 0 && i % YIELD_EVERY === 0) await yieldToIo();
      const e = ordered[i] as FoldEvent;
      applyEvent({ state, e }, e.event);
    }
    queries.push(...state.writes(db).queries);
  }
  const unjoined = new Set<string>();
  for (const f of fresh) if (f.model === null && f.job !== null) unjoined.add(f.job);
  return {
    prepared,
    after,
    baseEpoch,
    copies,
    queries,
    marks: last,
    carry: { state, marks: new Map([...marks, ...last]), unjoined },
    committedEpoch: null,
  };
}

/** The batch's events with the models of jobs requested before it (from the carry or the jobs table). */
export async function resolvePending(
  reader: DbOrTrx,
  prepared: PreparedBatch,
  carry: Carry | undefined,
): Promise<{ fresh: readonly FoldEvent[]; pending: readonly FoldEvent[] }> {
  if (prepared.pending.length === 0) return { fresh: prepared.fresh, pending: [] };
  const models = new Map<string, string | null>();
  const read = new Set<string>();
  const jobs = carry?.state?.jobs;
  for (const f of prepared.pending) {
    const job = f.job as string;
    const row = jobs?.get(job);
    if (row) models.set(job, row.model);
    else if (!jobs?.queried.has(job)) read.add(job);
  }
  if (read.size > 0) {
    const rows = await reader
      .selectFrom('jobs')
      .select(['address', 'model'])
      .where('address', 'in', [...read])
      .execute();
    for (const r of rows) models.set(r.address, r.model);
  }
  const resolved = new Map<FoldEvent, FoldEvent>();
  for (const f of prepared.pending) resolved.set(f, { ...f, model: models.get(f.job as string) ?? null });
  return { fresh: prepared.fresh.map((f) => resolved.get(f) ?? f), pending: [...resolved.values()] };
}

/** Whether a job requested in the batch has events stored without a model (the ordinary path joins them). */
async function joinsStoredEvents(
  reader: DbOrTrx,
  requested: ReadonlyMap<string, string>,
  carry: Carry | undefined,
): Promise<boolean> {
  if (requested.size === 0) return false;
  for (const job of requested.keys()) if (carry?.unjoined.has(job)) return true;
  const { rows } = await sql<{ job: string }>`select e.job from events e
    join unnest(${[...requested.keys()]}::text[]) as r(job) on e.job = r.job
    where e.model is null limit 1`.execute(reader);
  return rows.length > 0;
}

/** The fold marks of `models`: the carry's, else the stored ones. */
async function foldMarks(
  reader: DbOrTrx,
  models: readonly string[],
  carry: Carry | undefined,
): Promise<Map<string, string>> {
  const marks = new Map<string, string>();
  const read: string[] = [];
  for (const model of models) {
    const mark = carry?.marks.get(model);
    if (mark !== undefined) marks.set(model, mark);
    else read.push(model);
  }
  if (read.length > 0) {
    const rows = await reader
      .selectFrom('fold_partitions')
      .select(['model', 'pos'])
      .where('model', 'in', read)
      .execute();
    for (const r of rows) marks.set(r.model, r.pos);
  }
  return marks;
}
