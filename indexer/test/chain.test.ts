// The real program in LiteSVM, driven through the SDK's actions by the conservation fuzz driver
// (SOL, SPL Token and Token-2022 models; training, per-use / subscription / pass jobs, disputes,
// failures, expiries, settlements, withdrawals, grants and revocations, ratings, asset transfers,
// pauses, oracle switches, fee changes). Every transaction goes through the indexer's decoder
// and ingest; every account decoded from LiteSVM must then equal its row.
import { closeJob, PROGRAM_ADDRESS } from '@modelmint/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { svmSender } from '../../tests/fixtures/svm.js';
import { runFuzz } from '../../tests/fuzz/driver.js';
import { runEveryInstruction } from '../../tests/fuzz/every-instruction.js';
import type { DecodedTransaction } from '../src/ingest/decoder.js';
import { ingestBatch } from '../src/ingest/ingest.js';
import { createLogDecoder } from '../src/ingest/log-decoder.js';
import { diffAccounts, type ProgramAccount, reconcile } from '../src/reconcile.js';
import { programAccounts, recordTransactions } from './helpers/chain.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';
import { shuffled } from './helpers/scenario.js';
import { snapshot } from './helpers/snapshot.js';

const OPS = Number(process.env.MODELMINT_INDEXER_FUZZ_OPS ?? 450);

let txs: DecodedTransaction[] = [];
let accounts: ProgramAccount[] = [];
let report: Awaited<ReturnType<typeof runFuzz>>;

beforeAll(async () => {
  const rec = recordTransactions();
  try {
    report = await runFuzz({ seed: 4242, ops: OPS, sweepEvery: 10_000 });
  } finally {
    rec.stop();
  }
  if (!rec.svm) throw new Error('no transaction was sent');
  accounts = programAccounts(rec.svm);
  const decoder = createLogDecoder(PROGRAM_ADDRESS);
  txs = rec.txs.map((raw) => decoder.decode(raw, 'confirmed')).filter((tx): tx is DecodedTransaction => tx !== null);
}, 120_000);

async function ingestInBatches(t: TestDb, list: readonly DecodedTransaction[], sizes: number[]) {
  let i = 0;
  for (let b = 0; i < list.length; b++) {
    const size = sizes[b % sizes.length] ?? 1;
    await ingestBatch(t.db, list.slice(i, i + size));
    i += size;
  }
}

const kind: 'pglite' | 'postgres' = (backends as readonly string[]).includes('postgres') ? 'postgres' : 'pglite';

describe(`LiteSVM -> ingest -> ${kind}`, () => {
  let t: TestDb;
  let inOrder: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    t = await freshDb(kind);
    await ingestInBatches(t, txs, [1, 7, 30]);
    inOrder = await snapshot(t.db);
  }, 120_000);
  afterAll(() => t?.dispose());

  it('drove every instruction the indexer mirrors', () => {
    expect(report.failure).toBeUndefined();
    const names = new Set(txs.flatMap((tx) => tx.events.map((e) => e.name)));
    for (const name of [
      'ConfigUpdated',
      'OracleRegistered',
      'OracleUpdated',
      'ModelCreated',
      'ModelUpdated',
      'AccessGranted',
      'Subscribed',
      'PassBought',
      'PassClosed',
      'JobRequested',
      'JobClaimed',
      'ResultSubmitted',
      'JobFailed',
      'JobExpired',
      'JobDisputed',
      'DisputeResolved',
      'JobSettled',
      'VersionPublished',
      'JobRated',
      'RevenueWithdrawn',
      'AccessRevoked',
      'FeesWithdrawn',
      'SubscriptionCancelled',
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it('holds exactly the accounts LiteSVM holds, from the events alone', async () => {
    expect(await diffAccounts(t.db, accounts)).toEqual([]);
    // Reconciliation against the same accounts finds nothing to repair.
    const result = await reconcile(t.db, { programAccounts: async () => accounts });
    expect(result.repaired).toBe(0);
    expect(await diffAccounts(t.db, accounts)).toEqual([]);
  });

  it('ends in the same database after duplicated, shuffled delivery in random batches', async () => {
    const u = await freshDb(kind);
    try {
      const twice = shuffled([...txs, ...shuffled(txs, 3).slice(0, Math.floor(txs.length / 3))], 11);
      await ingestInBatches(u, twice, [5, 1, 40, 13]);
      expect(await snapshot(u.db)).toEqual(inOrder);
    } finally {
      await u.dispose();
    }
  }, 120_000);
});

describe(`every instruction once (SOL), then close_job -> ${kind}`, () => {
  it('mirrors every account, closed ones included', async () => {
    const rec = recordTransactions();
    let once: Awaited<ReturnType<typeof runEveryInstruction>>;
    try {
      once = await runEveryInstruction('sol');
      await closeJob(svmSender(once.svm), { requester: once.user, job: once.settledJob });
    } finally {
      rec.stop();
    }
    const decoder = createLogDecoder(PROGRAM_ADDRESS);
    const list = rec.txs.map((raw) => decoder.decode(raw, 'confirmed')).filter((tx): tx is DecodedTransaction => !!tx);
    const names = new Set(list.flatMap((tx) => tx.events.map((e) => e.name)));
    for (const name of ['AccessRevoked', 'VersionYanked', 'JobClosed', 'PassClosed', 'OracleUpdated', 'JobExpired']) {
      expect(names, name).toContain(name);
    }
    const u = await freshDb(kind);
    try {
      await ingestInBatches(u, list, [3]);
      expect(await diffAccounts(u.db, programAccounts(once.svm))).toEqual([]);
      const job = await u.db.selectFrom('jobs').selectAll().where('address', '=', once.settledJob).executeTakeFirst();
      expect(job).toMatchObject({ closed: true, status: 'settled' });
    } finally {
      await u.dispose();
    }
  }, 60_000);
});
