import { setImmediate as yieldToIo } from 'node:timers/promises';
import { PARTITION_TABLES } from '@modelmint/migrations';
import { findConfigAddress, findFeeVaultAddress, PROGRAM_ADDRESS } from '@modelmint/sdk';
import { type Address, address } from '@solana/kit';
import { sql } from 'kysely';
import type { Trx } from '../../db/index.js';
import type { ModelmintEvent } from '../events.js';
import { isGlobal } from '../events.js';
import { applyEvent } from '../handlers/index.js';
import { type FoldEvent, FoldState, type FoldWrites, runWrites } from './state.js';

/** The program the indexer follows, its config PDA and its fee vault PDA. */
export interface FoldEnv {
  programId: Address;
  configAddress: string;
  feeVault: string;
}

const envs = new Map<string, Promise<FoldEnv>>();

/** The fold environment of a program (the SDK's program address by default). */
export function foldEnv(programId: string = PROGRAM_ADDRESS): Promise<FoldEnv> {
  let env = envs.get(programId);
  if (!env) {
    const program = address(programId);
    env = Promise.all([
      findConfigAddress({ programAddress: program }),
      findFeeVaultAddress({ programAddress: program }),
    ]).then(([[config], [feeVault]]) => ({ programId: program, configAddress: config, feeVault }));
    envs.set(programId, env);
  }
  return env;
}

/** Chain order of positions (decimal strings without sign or leading zeros). */
export function comparePos(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function compareEvents(a: FoldEvent, b: FoldEvent): number {
  return (
    comparePos(a.pos, b.pos) ||
    (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0) ||
    a.eventIndex - b.eventIndex
  );
}

/** Whether the fold applies an event: global ones always, others once their model is known. */
export function foldable(f: FoldEvent): boolean {
  return f.model !== null || isGlobal(f.event);
}

/**
 * Events applied between two yields to the event loop: writes running alongside the fold need
 * the loop to move, and folding 5,000 events takes ~50 ms of CPU.
 */
const YIELD_EVERY = 500;

/**
 * Folds events (in chain order) into the rows: loads what they touch, applies each handler in
 * memory, writes the changed rows back. Returns the models written.
 *
 * `alongside` (writes that do not touch the folded tables, such as the batch's events) starts
 * once the rows are loaded and runs while the handlers apply, so PostgreSQL and Node work at
 * the same time; it is awaited before the rows are written.
 */
export async function foldEvents(
  trx: Trx,
  env: FoldEnv,
  events: FoldEvent[],
  alongside?: () => Promise<void>,
): Promise<string[]> {
  const ordered = events.filter(foldable).sort(compareEvents);
  if (ordered.length === 0) {
    await alongside?.();
    return [];
  }
  const state = new FoldState(env.programId, env.configAddress, env.feeVault);
  await state.load(trx, ordered);
  const writing = alongside?.();
  // A rejection is awaited below; until then it must not count as unhandled.
  writing?.catch(() => {});
  let writes: FoldWrites;
  try {
    for (let i = 0; i < ordered.length; i++) {
      if (writing && i > 0 && i % YIELD_EVERY === 0) await yieldToIo();
      const e = ordered[i] as FoldEvent;
      applyEvent({ state, e }, e.event);
    }
    // Built while the connection still runs `alongside`: the statements then follow it back to back.
    writes = state.writes(trx);
  } catch (error) {
    // The connection is busy with the writes until they end; only then may the caller roll back.
    await writing?.catch(() => {});
    throw error;
  }
  await writing;
  return runWrites(trx, writes);
}

interface EventRow {
  signature: string;
  event_index: number;
  slot: string;
  pos: string;
  block_time: string | null;
  commitment: FoldEvent['commitment'];
  model: string | null;
  job: string | null;
  data: unknown;
  name: string;
}

export function foldEventOf(row: EventRow): FoldEvent {
  const data = typeof row.data === 'string' ? (JSON.parse(row.data) as unknown) : row.data;
  return {
    signature: row.signature,
    eventIndex: row.event_index,
    slot: row.slot,
    pos: row.pos,
    blockTime: row.block_time,
    commitment: row.commitment,
    model: row.model,
    job: row.job,
    event: { name: row.name, data } as ModelmintEvent,
  };
}

/** Stored events in chain order, `where` filtering them, in pages of `pageSize`. */
async function* storedEvents(trx: Trx, model: string | null, pageSize: number): AsyncGenerator<FoldEvent[]> {
  let after = { pos: '-1', signature: '', eventIndex: 0 };
  for (;;) {
    const filter = model === null ? sql`true` : sql`model = ${model}`;
    const page =
      await sql<EventRow>`select signature, event_index, slot, pos, block_time, commitment, model, job, data, name
      from events where ${filter}
        and (pos, signature, event_index) > (${after.pos}::numeric, ${after.signature}, ${after.eventIndex})
      order by pos, signature, event_index limit ${pageSize}`.execute(trx);
    const events = page.rows.map(foldEventOf);
    const last = events.at(-1);
    if (!last) return;
    yield events;
    after = { pos: last.pos, signature: last.signature, eventIndex: last.eventIndex };
    if (events.length < pageSize) return;
  }
}

/**
 * Re-derives one model's rows from its events: removes the model's share of the oracle
 * counters, deletes its rows and ledger, and folds all its events again in chain order. Used when
 * an event arrives before events already folded into the model (out-of-order delivery).
 * Returns the position of the model's last event.
 */
export async function replayPartition(trx: Trx, env: FoldEnv, model: string, pageSize = 5000): Promise<string | null> {
  await sql`update oracles o set
      jobs_completed = o.jobs_completed - c.completed,
      jobs_failed = o.jobs_failed - c.failed,
      disputes_lost = o.disputes_lost - c.lost
    from (select oracle,
        count(*) filter (where outcome = 'settled') as completed,
        count(*) filter (where outcome = 'failed') as failed,
        count(*) filter (where outcome = 'resolved' and refund_bps > 0) as lost
      from jobs where model = ${model} and oracle is not null group by oracle) c
    where o.address = c.oracle`.execute(trx);
  // What only reconciliation knows (an SPL model's token program and decimals) survives the replay.
  const kept = await trx
    .selectFrom('models')
    .select(['token_kind', 'decimals'])
    .where('address', '=', model)
    .executeTakeFirst();
  for (const table of PARTITION_TABLES) {
    await sql`delete from ${sql.table(table)} where ${sql.ref(table === 'models' ? 'address' : 'model')} = ${model}`.execute(
      trx,
    );
  }
  await trx.deleteFrom('payments').where('model', '=', model).execute();
  let last: string | null = null;
  for await (const page of storedEvents(trx, model, pageSize)) {
    await foldEvents(trx, env, page);
    last = page.at(-1)?.pos ?? last;
  }
  if (kept && kept.token_kind !== null) {
    await trx
      .updateTable('models')
      .set({ token_kind: kept.token_kind, decimals: kept.decimals })
      .where('address', '=', model)
      .where('token_kind', 'is', null)
      .execute();
  }
  return last;
}

/** Recomputes every mirror row from the events table, in chain order (repair tool; dropped transactions). */
export async function rebuildAll(trx: Trx, env: FoldEnv, pageSize = 5000): Promise<number> {
  for (const table of [
    'config',
    'oracles',
    'trusted_mints',
    ...PARTITION_TABLES,
    'payments',
    'fold_partitions',
  ] as const) {
    await trx.deleteFrom(table).execute();
  }
  const marks = new Map<string, string>();
  let count = 0;
  for await (const page of storedEvents(trx, null, pageSize)) {
    await foldEvents(trx, env, page);
    for (const e of page) if (e.model) marks.set(e.model, e.pos);
    count += page.length;
  }
  await setMarks(trx, marks);
  return count;
}

/** The first and last position of each model's events (events of no model are left out). */
export function modelSpans(events: readonly FoldEvent[]): { first: Map<string, string>; last: Map<string, string> } {
  const first = new Map<string, string>();
  const last = new Map<string, string>();
  for (const f of events) {
    if (f.model === null) continue;
    const lo = first.get(f.model);
    if (lo === undefined || comparePos(f.pos, lo) < 0) first.set(f.model, f.pos);
    const hi = last.get(f.model);
    if (hi === undefined || comparePos(f.pos, hi) > 0) last.set(f.model, f.pos);
  }
  return { first, last };
}

/** Moves the models' fold positions forward. */
export async function setMarks(trx: Trx, marks: Map<string, string>): Promise<void> {
  if (marks.size === 0) return;
  await sql`insert into fold_partitions (model, pos)
    select * from unnest(${[...marks.keys()]}::text[], ${[...marks.values()]}::numeric[])
    on conflict (model) do update set pos = greatest(fold_partitions.pos, excluded.pos)`.execute(trx);
}
