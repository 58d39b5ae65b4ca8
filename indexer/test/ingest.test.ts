import { EVENT_ROW_TABLES, MIRROR_TABLES } from '@modelmint/migrations';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedTransaction } from '../src/ingest/decoder.js';
import { dropTransaction } from '../src/ingest/drop.js';
import type { ModelmintEvent } from '../src/ingest/events.js';
import { ingest, ingestBatch } from '../src/ingest/ingest.js';
import { prepareBatch } from '../src/ingest/prepare.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';
import { ADDR, addr, scenario, shuffled, U64_MAX } from './helpers/scenario.js';
import { snapshot } from './helpers/snapshot.js';

const txs = scenario();

async function ingestAll(t: TestDb, list: DecodedTransaction[]) {
  const statuses: string[] = [];
  for (const tx of list) statuses.push((await ingest(t.db, tx)).status);
  return statuses;
}

/** Empties every table, keeping the schema (faster than a new database). */
async function truncateAll(t: TestDb) {
  await sql`truncate transactions, events, ingest_cursors, config, oracles, models, model_cards, model_versions,
    access_grants, subscriptions, passes, jobs, payments, disputes, ratings, fold_partitions, trusted_mints`.execute(
    t.db,
  );
}

describe.each(backends)('ingest on %s', (kind) => {
  let t: TestDb;
  let inOrder: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    t = await freshDb(kind);
    await ingestAll(t, txs);
    inOrder = await snapshot(t.db);
  });
  afterAll(() => t?.dispose());

  describe('in chain order', () => {
    it('mirrors the accounts the events describe', async () => {
      const jobs = await t.db
        .selectFrom('jobs')
        .select(['address', 'status', 'oracle', 'escrowed', 'outcome', 'closed'])
        .execute();
      const status = Object.fromEntries(jobs.map((j) => [j.address, j.status]));
      expect(status).toEqual({
        [addr('job-1')]: 'settled',
        [addr('job-2')]: 'settled',
        [addr('job-3')]: 'refunded',
        [addr('job-4')]: 'refunded',
        [addr('job-5')]: 'settled',
        [addr('job-6')]: 'settled',
        [addr('job-7')]: 'open',
        [addr('job-8')]: 'refunded',
      });
      expect(jobs.find((j) => j.address === addr('job-7'))?.escrowed).toBe(U64_MAX);
      expect(jobs.find((j) => j.address === addr('job-1'))).toMatchObject({ closed: true, outcome: 'settled' });
      expect(jobs.find((j) => j.address === addr('job-5'))?.outcome).toBe('resolved');

      const model = await t.db
        .selectFrom('models')
        .selectAll()
        .where('address', '=', ADDR.model)
        .executeTakeFirstOrThrow();
      expect(model).toMatchObject({
        creator: ADDR.creator,
        owner: ADDR.creator,
        uses: '2',
        // job-1 + job-2 settlements, the subscription, and the creator share + fee of dispute job-5,
        // less the cancelled subscription's refund
        gross_revenue: String(1000000 + 900000 + 50000000 + 700000 - 20000000),
        withdrawn: '500000',
        rating_sum: '4',
        rating_count: '1',
        current_version: '0',
        version_count: '1',
        status: 'draft',
        escrowed: '0',
        vault: ADDR.NONE,
        token_kind: 0,
      });
      const model2 = await t.db
        .selectFrom('models')
        .selectAll()
        .where('address', '=', ADDR.model2)
        .executeTakeFirstOrThrow();
      expect(model2).toMatchObject({
        visibility: 'allowlist',
        price_per_use: '5',
        payment_mint: ADDR.USDC,
        escrowed: U64_MAX,
        token_kind: null,
      });

      const oracle = await t.db.selectFrom('oracles').selectAll().executeTakeFirstOrThrow();
      expect(oracle).toMatchObject({ jobs_completed: '3', jobs_failed: '1', disputes_lost: '1', active: false });
      const config = await t.db.selectFrom('config').selectAll().executeTakeFirstOrThrow();
      expect(config).toMatchObject({ fee_bps: 1500, paused: true });
      const pass = await t.db
        .selectFrom('passes')
        .selectAll()
        .where('wallet', '=', ADDR.alice)
        .where('model', '=', ADDR.model)
        .executeTakeFirstOrThrow();
      expect(pass).toMatchObject({ closed: true, uses_left: '0', escrowed: '0', unit_price: '900000' });
      const grant = await t.db.selectFrom('access_grants').selectAll().executeTakeFirstOrThrow();
      expect(grant).toMatchObject({ revoked: true });
      const version = await t.db.selectFrom('model_versions').selectAll().executeTakeFirstOrThrow();
      expect(version).toMatchObject({ version: '1', yanked: true, training_job: addr('job-6') });
      const timeline = await t.db
        .selectFrom('job_timeline')
        .select('status')
        .where('job', '=', addr('job-5'))
        .orderBy('pos')
        .execute();
      expect(timeline.map((r) => r.status)).toEqual(['open', 'claimed', 'delivered', 'disputed', 'settled']);
    });

    it('mirrors the issue-15 rules: trusted mints, fee withdrawals, subscription refunds, expired disputes', async () => {
      const mints = await t.db.selectFrom('trusted_mints').select(['mint', 'removed']).execute();
      expect(mints).toEqual([{ mint: ADDR.USDC, removed: false }]);
      const withdrawal = await t.db.selectFrom('payments').selectAll().where('kind', '=', 'fee_withdrawal').execute();
      expect(withdrawal).toMatchObject([{ to_address: addr('treasury'), amount: '5190000', model: null }]);
      const sub = await t.db
        .selectFrom('subscriptions')
        .selectAll()
        .where('wallet', '=', addr('bob'))
        .executeTakeFirstOrThrow();
      expect(sub).toMatchObject({ closed: true, refunded: '20000000', value: '50000000', total_paid: '50000000' });
      const refund = await t.db.selectFrom('payments').selectAll().where('kind', '=', 'subscription_refund').execute();
      expect(refund).toMatchObject([{ from_address: ADDR.model, to_address: addr('bob'), amount: '20000000' }]);
      const dispute = await t.db
        .selectFrom('disputes')
        .selectAll()
        .where('job', '=', addr('job-8'))
        .executeTakeFirstOrThrow();
      expect(dispute).toMatchObject({ status: 'expired', refunded: '1000000' });
      const job8 = await t.db
        .selectFrom('jobs')
        .selectAll()
        .where('address', '=', addr('job-8'))
        .executeTakeFirstOrThrow();
      expect(job8).toMatchObject({ status: 'refunded', outcome: 'expired', resolve_by: '1701209600' });
    });

    it('conserves money: for every finished job, refund + creator share + fee = escrow', async () => {
      const ledger = await t.db
        .selectFrom('payments')
        .select(['job', 'kind', 'amount'])
        .where('job', 'is not', null)
        .execute();
      const byJob = new Map<string, { in: bigint; out: bigint }>();
      for (const p of ledger) {
        const entry = byJob.get(p.job ?? '') ?? { in: 0n, out: 0n };
        if (p.kind === 'job_escrow') entry.in += BigInt(p.amount);
        else entry.out += BigInt(p.amount);
        byJob.set(p.job ?? '', entry);
      }
      for (const label of ['job-1', 'job-2', 'job-3', 'job-4', 'job-5', 'job-6']) {
        const entry = byJob.get(addr(label));
        expect(entry, label).toBeDefined();
        expect(entry?.out, label).toBe(entry?.in);
      }
    });
  });

  describe('times and closings the program logs', () => {
    it('takes request, settlement and version times from the events', async () => {
      const job = await t.db
        .selectFrom('jobs')
        .select(['created_at', 'finished_at'])
        .where('address', '=', addr('job-1'))
        .executeTakeFirstOrThrow();
      expect(job).toEqual({ created_at: '1700000000', finished_at: '1700090300' });
      const version = await t.db.selectFrom('model_versions').select('created_at').executeTakeFirstOrThrow();
      expect(version.created_at).toBe('1700000250');
    });

    it('falls back for events logged before the fields existed (zeros)', async () => {
      const older = txs.map((tx) => ({
        ...tx,
        events: tx.events.map((e): ModelmintEvent => {
          if (e.name === 'JobRequested') return { ...e, data: { ...e.data, createdAt: '0' } };
          if (e.name === 'VersionPublished') return { ...e, data: { ...e.data, createdAt: '0' } };
          if (e.name === 'JobSettled') return { ...e, data: { ...e.data, settledAt: '0' } };
          return e;
        }),
      }));
      const o = await freshDb(kind);
      try {
        await ingestAll(o, older);
        const job = await o.db
          .selectFrom('jobs')
          .select(['created_at', 'deadline', 'finished_at'])
          .where('address', '=', addr('job-1'))
          .executeTakeFirstOrThrow();
        // created_at: deadline - the config's inference timeout (600 s); finished_at: the block time.
        expect(job.created_at).toBe((BigInt(job.deadline ?? '0') - 600n).toString());
        const settledTx = older.find((tx) =>
          tx.events.some((e) => e.name === 'JobSettled' && e.data.job === addr('job-1')),
        );
        expect(job.finished_at).toBe(settledTx?.blockTime);
      } finally {
        await o.dispose();
      }
    });

    it('closes a pass a revocation closed, even with nothing to refund', async () => {
      const o = await freshDb(kind);
      try {
        const revoke = txs.findIndex((tx) => tx.events.some((e) => e.name === 'AccessRevoked'));
        const list = txs.map((tx, i) =>
          i === revoke
            ? {
                ...tx,
                events: tx.events.map((e) =>
                  e.name === 'AccessRevoked' ? ({ ...e, data: { ...e.data, passClosed: true } } as ModelmintEvent) : e,
                ),
              }
            : tx,
        );
        await ingestAll(o, list.slice(0, revoke + 1));
        const pass = await o.db
          .selectFrom('passes')
          .select(['closed', 'uses_left'])
          .where('model', '=', ADDR.model2)
          .where('wallet', '=', ADDR.alice)
          .executeTakeFirst();
        expect(pass).toEqual({ closed: true, uses_left: '0' });
      } finally {
        await o.dispose();
      }
    });
  });

  describe('repeated and reordered delivery', () => {
    afterEach(() => truncateAll(t));

    it('writes nothing when the same transactions arrive again', async () => {
      await truncateAll(t);
      expect(await ingestAll(t, txs)).toEqual(txs.map(() => 'new'));
      expect(await ingestAll(t, txs)).toEqual(txs.map(() => 'duplicate'));
      expect(await snapshot(t.db)).toEqual(inOrder);
    });

    it('writes only the new transactions of a batch that repeats stored ones', async () => {
      await truncateAll(t);
      const half = Math.floor(txs.length / 2);
      const first = await ingestBatch(t.db, txs.slice(0, half));
      expect(first.map((r) => r.status)).toEqual(txs.slice(0, half).map(() => 'new'));
      // Stored, new, and one delivered twice within the batch, in one database transaction.
      const again = [...txs.slice(half - 2), txs[half] as DecodedTransaction];
      const statuses = (await ingestBatch(t.db, again)).map((r) => r.status);
      expect(statuses).toEqual([
        'duplicate',
        'duplicate',
        ...txs.slice(half).map(() => 'new'),
        'new', // the batch's second copy of txs[half] reports its first's result
      ]);
      expect(await snapshot(t.db)).toEqual(inOrder);
    });

    it.each([
      ['in chain order', 0],
      ['shuffled', 4],
    ])('ends in the same database from batches prepared ahead, %s', async (_, seed) => {
      await truncateAll(t);
      const order = seed === 0 ? txs : shuffled(txs, seed);
      // Batches of three split jobs from their requests: their events take the model from the
      // jobs table (or, before the request is stored, wait for it), as in a backfill.
      const batches = Array.from({ length: Math.ceil(order.length / 3) }, (_, i) => order.slice(i * 3, i * 3 + 3));
      let next = prepareBatch(batches[0] ?? [], true);
      for (let i = 0; i < batches.length; i++) {
        const prepared = await next;
        const writing = ingestBatch(t.db, prepared.txs, { prepared });
        next = prepareBatch(batches[i + 1] ?? [], true);
        expect((await writing).every((r) => r.status === 'new')).toBe(true);
      }
      expect(await snapshot(t.db)).toEqual(inOrder);
    });

    it('refuses a batch prepared for other transactions, writing nothing', async () => {
      await truncateAll(t);
      const prepared = await prepareBatch(txs.slice(0, 2));
      await expect(ingestBatch(t.db, txs.slice(0, 2), { prepared })).rejects.toThrow(/prepared for other/);
      expect((await t.db.selectFrom('transactions').select('signature').execute()).length).toBe(0);
    });

    it.each([1, 2, 3])('ends in the same database when delivered shuffled (seed %i) or reversed', async (seed) => {
      await truncateAll(t);
      const order = seed === 3 ? [...txs].reverse() : shuffled(txs, seed);
      await ingestAll(t, [...order, ...shuffled(txs, seed + 10)]);
      expect(await snapshot(t.db)).toEqual(inOrder);
    });
  });

  describe('commitment', () => {
    afterEach(() => truncateAll(t));

    it('promotes confirmed rows when the transaction arrives finalized', async () => {
      await truncateAll(t);
      await ingestAll(t, txs);
      const statuses = await ingestAll(
        t,
        txs.map((tx) => ({ ...tx, commitment: 'finalized' as const })),
      );
      expect(statuses).toEqual(txs.map(() => 'promoted'));
      for (const table of ['transactions', ...EVENT_ROW_TABLES, ...MIRROR_TABLES]) {
        const { rows } = await sql<{ n: number; all: number }>`select
            count(*) filter (where commitment <> 'finalized')::int as n, count(*)::int as all
          from ${sql.table(table)}`.execute(t.db);
        expect(rows[0]?.n, table).toBe(0);
        expect(rows[0]?.all, table).toBeGreaterThan(0);
      }
      expect(await ingestAll(t, [{ ...txs[0], commitment: 'finalized' } as DecodedTransaction])).toEqual(['duplicate']);
    });

    it('drops a vanished transaction: the database equals one that never saw it', async () => {
      const victim = txs.findIndex((tx) => tx.events.some((e) => e.name === 'JobSettled'));
      const without = txs.filter((_, i) => i !== victim);
      await truncateAll(t);
      await ingestAll(t, without);
      const expected = await snapshot(t.db);
      await truncateAll(t);
      await ingestAll(t, txs);
      const victimTx = txs[victim] as DecodedTransaction;
      expect(await dropTransaction(t.db, victimTx.signature)).toBe('dropped');
      expect(await snapshot(t.db)).toEqual(expected);
      expect(await dropTransaction(t.db, victimTx.signature)).toBe('unknown');
    });

    it('refuses to drop a finalized transaction', async () => {
      await truncateAll(t);
      const tx = { ...(txs[0] as DecodedTransaction), commitment: 'finalized' as const };
      await ingest(t.db, tx);
      await expect(dropTransaction(t.db, tx.signature)).rejects.toThrow(/finalized/);
    });
  });

  describe('bad input and cursors', () => {
    afterEach(() => truncateAll(t));

    it('rejects an invalid transaction before writing anything', async () => {
      await truncateAll(t);
      const good = txs[0] as DecodedTransaction;
      await expect(ingest(t.db, { ...good, slot: '-1' })).rejects.toThrow(/slot/);
      await expect(ingest(t.db, { ...good, signature: 'not a signature' })).rejects.toThrow(/signature/);
      await expect(ingest(t.db, { ...good, slot: '1.5' })).rejects.toThrow(/slot/);
      const count = await t.db
        .selectFrom('transactions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirst();
      expect(Number(count?.n)).toBe(0);
    });

    it('rolls back the whole transaction when one event cannot be written', async () => {
      await truncateAll(t);
      const bad: DecodedTransaction = {
        ...(txs[2] as DecodedTransaction),
        // the second event has a category the program does not know, after the first was folded
        events: [
          ...(txs[2] as DecodedTransaction).events.slice(0, 1),
          {
            name: 'ModelCreated',
            data: { ...((txs[2] as DecodedTransaction).events[1]?.data as object), category: 9 },
          } as unknown as ModelmintEvent,
        ],
      };
      await expect(ingest(t.db, bad)).rejects.toThrow();
      expect(await snapshot(t.db)).toEqual(await snapshotOfEmpty());
    });

    it('records a failed transaction without events', async () => {
      await truncateAll(t);
      const failed = { ...(txs[5] as DecodedTransaction), err: '{"InstructionError":[0,{"Custom":6001}]}' };
      await ingest(t.db, failed);
      const rows = await t.db.selectFrom('transactions').selectAll().execute();
      expect(rows).toMatchObject([{ signature: failed.signature, event_count: 0, err: failed.err }]);
      expect(await t.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
    });

    it('moves a cursor forward only, in the same transaction', async () => {
      await truncateAll(t);
      const [a, b] = txs as [DecodedTransaction, DecodedTransaction];
      await ingest(t.db, b, { cursor: { source: 'ws', slot: b.slot, signature: b.signature } });
      await ingest(t.db, a, { cursor: { source: 'ws', slot: a.slot, signature: a.signature } });
      const cursor = await t.db.selectFrom('ingest_cursors').selectAll().executeTakeFirstOrThrow();
      expect(cursor).toMatchObject({ source: 'ws', slot: b.slot, signature: b.signature });
      await ingest(t.db, a, { cursor: { source: 'ws', slot: a.slot, signature: a.signature, mode: 'set' } });
      expect(await t.db.selectFrom('ingest_cursors').select('slot').executeTakeFirstOrThrow()).toEqual({
        slot: a.slot,
      });
    });
  });

  async function snapshotOfEmpty() {
    const empty: Record<string, unknown[]> = {};
    for (const table of Object.keys(inOrder)) empty[table] = [];
    return empty;
  }
});

describe.runIf(backends.length === 2)('PGlite and PostgreSQL', () => {
  it('hold identical rows after the same ingest', async () => {
    const [a, b] = await Promise.all([freshDb('pglite'), freshDb('postgres')]);
    try {
      await ingestAll(a, txs);
      await ingestAll(b, txs);
      expect(await snapshot(a.db)).toEqual(await snapshot(b.db));
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });
});
