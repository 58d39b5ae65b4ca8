import {
  type ChainColumns,
  type Commitment,
  type Database,
  MIRROR_TABLES,
  type NewPayment,
} from '@modelmint/migrations';
import { findPassAddress, findVaultAddress, findVersionAddress } from '@modelmint/sdk';
import { type Address, address } from '@solana/kit';
import { type CompiledQuery, sql } from 'kysely';
import { bulkInsertQuery } from '../../db/bulk.js';
import { columnTypes, loadedColumnTypes } from '../../db/columns.js';
import { copyQuery } from '../../db/copy.js';
import type { DbOrTrx } from '../../db/index.js';
import type { ModelmintEvent } from '../events.js';
import {
  type ConfigRow,
  type DisputeRow,
  type GrantRow,
  type JobRow,
  type ModelRow,
  NONE_ADDRESS,
  type OracleRow,
  type PassRow,
  posGt,
  type RatingRow,
  type SubscriptionRow,
  type TrustedMintRow,
  type VersionRow,
} from './rows.js';

/** One stored event, with its place in the chain and its fold partition. */
export interface FoldEvent {
  signature: string;
  eventIndex: number;
  slot: string;
  pos: string;
  blockTime: string | null;
  commitment: Commitment;
  /** The model whose rows the event changes (null: global, or a job not seen yet). */
  model: string | null;
  job: string | null;
  event: ModelmintEvent;
}

/** Rows of one table held in memory, with the keys written since loading. */
export class RowMap<R> {
  readonly rows = new Map<string, R>();
  readonly dirty = new Set<string>();
  /** Keys loaded from the database: the others are not stored (every key an event names is loaded). */
  readonly stored = new Set<string>();
  /** Keys looked up (present or not): the state knows these keys' rows after its fold. */
  readonly queried = new Set<string>();
  get(key: string): R | undefined {
    return this.rows.get(key);
  }
  set(key: string, row: R): R {
    this.rows.set(key, row);
    this.dirty.add(key);
    return row;
  }
  /** Loaded from the database (not dirty). */
  seed(key: string, row: R): void {
    if (!this.rows.has(key)) this.rows.set(key, row);
    this.stored.add(key);
  }
}

export const pairKey = (a: string, b: string): string => `${a}|${b}`;

/** The chain columns of a row last written by `e`. */
export function chainOf(e: FoldEvent): ChainColumns {
  return { slot: e.slot, signature: e.signature, commitment: e.commitment, pos: e.pos };
}

/** Sets a row's chain columns to those of `e` if `e` is later (global rows, folded in any order). */
export function touchLatest(row: ChainColumns, e: FoldEvent): void {
  if (posGt(e.pos, row.pos)) Object.assign(row, chainOf(e));
}

/** The tables a fold writes; their column types are read at load, so the writes build without a round trip. */
const WRITTEN_TABLES = [...MIRROR_TABLES, 'payments'] as const;

/** The statements that write a fold's changes, and the models they write. */
export interface FoldWrites {
  queries: CompiledQuery[];
  models: string[];
}

/**
 * What the fold of a batch of events reads and writes: rows loaded from the database, changed in
 * memory by the handlers (in chain order), then written back in multi-row upserts.
 */
export class FoldState {
  readonly config = new RowMap<ConfigRow>();
  readonly oracles = new RowMap<OracleRow>();
  readonly models = new RowMap<ModelRow>();
  readonly versions = new RowMap<VersionRow>();
  readonly grants = new RowMap<GrantRow>();
  readonly subscriptions = new RowMap<SubscriptionRow>();
  readonly passes = new RowMap<PassRow>();
  readonly jobs = new RowMap<JobRow>();
  readonly disputes = new RowMap<DisputeRow>();
  readonly ratings = new RowMap<RatingRow>();
  readonly trustedMints = new RowMap<TrustedMintRow>();
  readonly payments: NewPayment[] = [];

  constructor(
    readonly programId: Address,
    readonly configAddress: string,
    /** The fee vault PDA, where SOL fees accrue (ledger legs). */
    readonly feeVault: string,
  ) {}

  /** The config row (null before `initialize_config` was seen). */
  currentConfig(): ConfigRow | undefined {
    return this.config.get(this.configAddress);
  }

  /**
   * Loads every row the events may touch. `carry`, the state of the batch folded just before
   * (plan.ts), answers for the keys it looked up, as its fold left them; the rest are read.
   */
  async load(trx: DbOrTrx, events: readonly FoldEvent[], carry?: FoldState): Promise<void> {
    const models = new Set<string>();
    const jobs = new Set<string>();
    const oracles = new Set<string>();
    const pairs = new Set<string>();
    const versions = new Set<string>();
    const mints = new Set<string>();
    for (const f of events) {
      if (f.event.name === 'TrustedMintSet') mints.add(f.event.data.mint);
      if (f.model) models.add(f.model);
      if (f.job) jobs.add(f.job);
      const d = f.event.data as Record<string, unknown>;
      if (typeof d.oracle === 'string') oracles.add(d.oracle);
      if (f.model && typeof d.user === 'string') pairs.add(pairKey(f.model, d.user));
      if (f.model && typeof d.requester === 'string') pairs.add(pairKey(f.model, d.requester));
      if (f.event.name === 'VersionPublished' || f.event.name === 'VersionYanked') {
        versions.add(pairKey(f.event.data.model, String(f.event.data.version)));
      }
    }
    const [config, modelRows, jobRows] = await Promise.all([
      select(trx, 'config', 'address', this.config, new Set([this.configAddress]), carry?.config),
      select(trx, 'models', 'address', this.models, models, carry?.models),
      select(trx, 'jobs', 'address', this.jobs, jobs, carry?.jobs),
    ]);
    for (const row of config) this.config.seed(row.address, row as ConfigRow);
    for (const row of modelRows) {
      const {
        search: _search,
        rating_key: _rating,
        ...rest
      } = row as ModelRow & { search?: unknown; rating_key?: unknown };
      this.models.seed(rest.address, rest);
    }
    for (const row of jobRows) this.jobs.seed(row.address, row);
    for (const row of this.jobs.rows.values()) if (row.oracle) oracles.add(row.oracle);
    const [oracleRows, grantRows, subRows, passRows, versionRows, disputeRows, ratingRows, mintRows] =
      await Promise.all([
        select(trx, 'oracles', 'address', this.oracles, oracles, carry?.oracles),
        selectPairs(trx, 'access_grants', ['model', 'wallet'], this.grants, pairs, carry?.grants),
        selectPairs(trx, 'subscriptions', ['model', 'wallet'], this.subscriptions, pairs, carry?.subscriptions),
        selectPairs(trx, 'passes', ['model', 'wallet'], this.passes, pairs, carry?.passes),
        selectPairs(trx, 'model_versions', ['model', 'version'], this.versions, versions, carry?.versions),
        select(trx, 'disputes', 'job', this.disputes, jobs, carry?.disputes),
        select(trx, 'ratings', 'job', this.ratings, jobs, carry?.ratings),
        select(trx, 'trusted_mints', 'mint', this.trustedMints, mints, carry?.trustedMints),
      ]);
    for (const row of oracleRows) this.oracles.seed(row.address, row);
    for (const row of grantRows) this.grants.seed(pairKey(row.model, row.wallet), row);
    for (const row of subRows) this.subscriptions.seed(pairKey(row.model, row.wallet), row);
    for (const row of passRows) this.passes.seed(pairKey(row.model, row.wallet), row);
    for (const row of versionRows) this.versions.seed(pairKey(row.model, row.version), row);
    for (const row of disputeRows) this.disputes.seed(row.job, row);
    for (const row of ratingRows) this.ratings.seed(row.job, row);
    for (const row of mintRows) this.trustedMints.seed(row.mint, row);
    await this.derivePdas(events);
    for (const table of WRITTEN_TABLES) await columnTypes(trx, table);
  }

  /**
   * The statements writing every changed row and the ledger. Built without a round trip (after
   * `load`), so they are ready while the connection still copies the batch's events.
   */
  writes(trx: DbOrTrx): FoldWrites {
    const queries = [
      ...write(trx, 'config', ['address'], this.config),
      ...write(trx, 'oracles', ['address'], this.oracles),
      ...write(trx, 'models', ['address'], this.models),
      ...write(trx, 'model_versions', ['model', 'version'], this.versions),
      ...write(trx, 'access_grants', ['model', 'wallet'], this.grants),
      ...write(trx, 'subscriptions', ['model', 'wallet'], this.subscriptions),
      ...write(trx, 'passes', ['model', 'wallet'], this.passes),
      ...write(trx, 'jobs', ['address'], this.jobs),
      ...write(trx, 'disputes', ['job'], this.disputes),
      ...write(trx, 'ratings', ['job'], this.ratings),
      ...write(trx, 'trusted_mints', ['mint'], this.trustedMints),
    ];
    // Ledger rows come from events folded for the first time, or from a replay that deleted the
    // partition's ledger first: a conflict would be a bug, and the primary key refuses it.
    const ledger = copyQuery('payments', this.payments, loadedColumnTypes('payments'));
    if (ledger) queries.push(ledger);
    const models = [...this.models.dirty];
    if (models.length > 0) queries.push(copyCards(models).compile(trx));
    return { queries, models };
  }

  // PDAs the handlers need, derived (async) before the fold runs.
  readonly #pdas = new Map<string, string>();

  pda(kind: 'vault' | 'pass' | 'version', a: string, b = ''): string {
    const found = this.#pdas.get(`${kind}|${a}|${b}`) ?? PDA_CACHE.get(`${this.programId}|${kind}|${a}|${b}`);
    if (!found) throw new Error(`PDA ${kind} ${a} ${b} was not derived`);
    return found;
  }

  private async derivePdas(events: readonly FoldEvent[]): Promise<void> {
    const wanted: Array<[kind: 'vault' | 'pass' | 'version', a: string, b: string]> = [];
    for (const { event: e } of events) {
      if (e.name === 'ModelCreated' && e.data.paymentMint !== NONE_ADDRESS) wanted.push(['vault', e.data.model, '']);
      if (e.name === 'VersionPublished') wanted.push(['version', e.data.model, String(e.data.version)]);
      if (e.name === 'PassBought' || e.name === 'PassClosed' || e.name === 'AccessRevoked') {
        wanted.push(['pass', e.data.model, e.data.user]);
      }
      if (e.name === 'JobRequested' && e.data.mode === 2) wanted.push(['pass', e.data.model, e.data.requester]);
    }
    const programAddress = this.programId;
    await Promise.all(
      wanted.map(async ([kind, a, b]) => {
        const key = `${programAddress}|${kind}|${a}|${b}`;
        let value = PDA_CACHE.get(key);
        if (!value) {
          const model = address(a);
          const [pda] =
            kind === 'vault'
              ? await findVaultAddress({ model, programAddress })
              : kind === 'version'
                ? await findVersionAddress({ model, version: Number(b), programAddress })
                : await findPassAddress({ model, user: address(b), programAddress });
          value = pda;
          if (PDA_CACHE.size > 200_000) PDA_CACHE.clear();
          PDA_CACHE.set(key, value);
        }
        this.#pdas.set(`${kind}|${a}|${b}`, value);
      }),
    );
  }
}

const PDA_CACHE = new Map<string, string>();

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

type Table = keyof Database;

/**
 * The keys to read from the database: those neither held nor known to `carry` (whose rows are
 * taken as copies; a key it looked up and lacks has no row). Every key counts as looked up.
 */
function toRead<R extends object>(have: RowMap<R>, keys: Set<string>, carry: RowMap<R> | undefined): string[] {
  const missing: string[] = [];
  for (const k of keys) {
    if (have.rows.has(k) || have.queried.has(k)) continue;
    have.queried.add(k);
    const row = carry?.rows.get(k);
    if (row) have.seed(k, { ...row });
    else if (!carry?.queried.has(k)) missing.push(k);
  }
  return missing;
}

async function select<R extends object>(
  trx: DbOrTrx,
  table: Table,
  key: string,
  have: RowMap<R>,
  keys: Set<string>,
  carry?: RowMap<R>,
): Promise<R[]> {
  const missing = toRead(have, keys, carry);
  if (missing.length === 0) return [];
  // A join, not `= any(array)`: the planner hashes the keys instead of testing each row against all of them.
  const result = await sql<R>`select t.* from ${sql.table(table)} t
    join unnest(${missing}::text[]) as k(v) on ${sql.ref(`t.${key}`)} = k.v`.execute(trx);
  return result.rows;
}

async function selectPairs<R extends object>(
  trx: DbOrTrx,
  table: Table,
  [a, b]: [string, string],
  have: RowMap<R>,
  keys: Set<string>,
  carry?: RowMap<R>,
): Promise<R[]> {
  const missing = toRead(have, keys, carry);
  if (missing.length === 0) return [];
  const left = missing.map((k) => k.slice(0, k.indexOf('|')));
  const right = missing.map((k) => k.slice(k.indexOf('|') + 1));
  const result = await sql<R>`select t.* from ${sql.table(table)} t
    join unnest(${left}::text[], ${right}::text[]) as k(a, b)
      on ${sql.ref(`t.${a}`)} = k.a and ${sql.ref(`t.${b}`)}::text = k.b`.execute(trx);
  return result.rows;
}

/** Columns only the model-card copy writes (never the fold, so rows never carry stale card text). */
const CARD_COLUMNS = new Set([
  'name',
  'description',
  'tags',
  'image',
  'symbol',
  'uri',
  'search',
  'search_name',
  'search_tags',
  'rating_key',
]);

/** Runs a fold's write statements in order; returns the models written. */
export async function runWrites(trx: DbOrTrx, writes: FoldWrites): Promise<string[]> {
  for (const query of writes.queries) await trx.executeQuery(query);
  return writes.models;
}

/**
 * Statements writing a table's changed rows: those not stored yet with COPY (most rows of a
 * backfill batch), the others as a multi-row `insert … on conflict (key) do update set every
 * column = excluded`.
 */
function write<R extends object>(trx: DbOrTrx, table: Table, key: string[], map: RowMap<R>): CompiledQuery[] {
  const fresh: object[] = [];
  const changed: object[] = [];
  for (const k of map.dirty) {
    const row = map.rows.get(k);
    if (!row) continue;
    // The fold never writes a model's card columns: a row never carries stale card text.
    const values = table === 'models' ? withoutCardColumns(row) : row;
    (map.stored.has(k) ? changed : fresh).push(values);
  }
  const types = loadedColumnTypes(table);
  const queries: CompiledQuery[] = [];
  const copy = copyQuery(table, fresh, types);
  if (copy) queries.push(copy);
  for (const part of chunks(changed, 5000)) {
    const upsert = bulkInsertQuery(trx, table, part, types, { onConflict: { key, action: 'update' } });
    if (upsert) queries.push(upsert);
  }
  return queries;
}

function withoutCardColumns(row: object): object {
  return Object.fromEntries(Object.entries(row).filter(([c]) => !CARD_COLUMNS.has(c)));
}

/** Copies the searchable fields of already fetched model cards into the models rows. */
function copyCards(models: string[]) {
  return sql`update models m set name = c.name, description = c.description, tags = coalesce(c.tags, '{}'),
      image = c.image
    from models m2 left join model_cards c on c.card_hash = m2.card_hash and c.status = 'ok'
    where m.address = m2.address and m.address = any(${models}::text[])
      and (m.name is distinct from c.name or m.description is distinct from c.description
        or m.tags is distinct from coalesce(c.tags, '{}') or m.image is distinct from c.image)`;
}
