// The RPC sources against the local chain (localnet: LiteSVM behind Solana's JSON-RPC and
// websocket APIs): backfill by getSignaturesForAddress + getTransaction, live logsSubscribe,
// reconciliation with getProgramAccounts / getMultipleAccounts.

import { randomBytes } from 'node:crypto';
import { claimJob, rawCid, requestGeneration, requestTraining, settleJob, submitResult } from '@modelmint/sdk';
import { type Address, getBase58Decoder } from '@solana/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Localnet } from '../../localnet/src/index.js';
import { fundedSigner, rawResult, startTestnet, waitFor } from '../../localnet/test/helpers.js';
import { type OnChainMarketplace, setupOnChain } from '../../localnet/test/marketplace.js';
import { createApp } from '../src/api/app.js';
import type { DecodedTransaction } from '../src/ingest/decoder.js';
import type { ModelmintEvent } from '../src/ingest/events.js';
import { foldEnv } from '../src/ingest/fold/run.js';
import { ingestBatch } from '../src/ingest/ingest.js';
import { createLogDecoder } from '../src/ingest/log-decoder.js';
import { LiveBus } from '../src/live.js';
import { Metrics } from '../src/metrics.js';
import { type AccountSource, diffAccounts, reconcile } from '../src/reconcile.js';
import { IngestService } from '../src/service.js';
import { rpcAccounts } from '../src/sources/accounts.js';
import { syncToTip } from '../src/sources/backfill.js';
import { watchProgramLogs } from '../src/sources/live.js';
import { httpRpc } from '../src/sources/rpc.js';
import { ChainUpkeep } from '../src/upkeep/upkeep.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';

const cid = (text: string) => rawCid(new TextEncoder().encode(text));

/**
 * Differences between the mirror and the chain. localnet reports a transaction's blockTime as the
 * wall clock when it ran, which can be a second past the Clock its block executed with
 * (/tmp/bugs/indexer.md); a version's created_at (clock at settlement, not in any event) comes from
 * blockTime, so a one-second difference there is localnet's, not the indexer's.
 */
async function realDiffs(db: TestDb['db'], list: Awaited<ReturnType<AccountSource['programAccounts']>>) {
  return (await diffAccounts(db, list)).filter(
    (d) => !(d.table === 'model_versions' && d.field === 'created_at' && Math.abs(Number(d.db) - Number(d.chain)) <= 1),
  );
}
const kind: 'pglite' | 'postgres' = (backends as readonly string[]).includes('postgres') ? 'postgres' : 'pglite';

describe(`RPC sources on localnet -> ${kind}`, () => {
  let net: Localnet;
  let m: OnChainMarketplace;
  let t: TestDb;
  beforeAll(async () => {
    [net, t] = await Promise.all([startTestnet({ slotMs: 40 }), freshDb(kind)]);
    m = await setupOnChain(net);
  }, 60_000);
  afterAll(async () => {
    await net?.close();
    await t?.dispose();
  });

  const deliver = async (job: Address, result: string, settle: boolean) => {
    await claimJob(m.sender, { authority: m.authority, job });
    await submitResult(m.sender, {
      authority: m.authority,
      attestationSigner: m.attestation,
      job,
      resultCid: await cid(result),
    });
    if (!settle) return;
    await rawResult(net, 'modelmint_advanceClock', [{ seconds: 86_401 }]);
    await settleJob(m.sender, { payer: m.creator, job });
  };
  const sync = () =>
    syncToTip(httpRpc(net.rpcUrl), t.db, createLogDecoder(net.programId), (txs, o) => ingestBatch(t.db, txs, o), {
      programId: net.programId,
      pageSize: 3,
      batchSize: 2,
    });
  const accounts = () => rpcAccounts(httpRpc(net.rpcUrl), net.programId);

  it('backfills the program history and matches every account; a second run finds nothing new', async () => {
    const training = await requestTraining(m.sender, {
      owner: m.creator,
      model: m.model,
      datasetCid: await cid('dataset'),
      configCid: await cid('config'),
      fee: 10_000_000n,
    });
    await deliver(training.job, 'weights', true);
    const consumer = await fundedSigner(net);
    const { job } = await requestGeneration(m.sender, { user: consumer, model: m.model, inputCid: await cid('input') });
    await deliver(job, 'output', true);

    const first = await sync();
    expect(first.listed).toBeGreaterThanOrEqual(8);
    expect(first.new).toBe(first.ingested);
    expect(await realDiffs(t.db, await accounts().programAccounts())).toEqual([]);
    expect(await sync()).toMatchObject({ listed: 0, ingested: 0 });
    const got = await accounts().accounts([job, m.model, m.creator.address]);
    expect(got.map((a) => a?.address ?? null)).toEqual([job, m.model, null]);
  }, 60_000);

  it('follows the chain live over logsSubscribe', async () => {
    const live = watchProgramLogs({ wsUrl: net.wsUrl, programId: net.programId, catchUp: sync });
    try {
      await live.ready;
      await live.idle();
      const consumer = await fundedSigner(net);
      const { job } = await requestGeneration(m.sender, {
        user: consumer,
        model: m.model,
        inputCid: await cid('live'),
      });
      await deliver(job, 'live-output', false);
      await waitFor(async () => {
        const row = await t.db.selectFrom('jobs').select('status').where('address', '=', job).executeTakeFirst();
        return row?.status === 'delivered';
      });
      await live.idle();
      expect(await realDiffs(t.db, await accounts().programAccounts())).toEqual([]);
    } finally {
      live.close();
    }
  }, 60_000);

  it('repairs a damaged row from the chain, with a count', async () => {
    await t.db.updateTable('models').set({ uses: '999', price_per_use: '1' }).where('address', '=', m.model).execute();
    const result = await reconcile(t.db, accounts());
    expect(
      result.diffs
        .filter((d) => d.table === 'models')
        .map((d) => d.field)
        .sort(),
    ).toEqual(['price_per_use', 'uses']);
    expect(result.repaired).toBe(result.diffs.length === 2 ? 1 : 2);
    expect(await realDiffs(t.db, await accounts().programAccounts())).toEqual([]);
  });

  it('settles confirmed rows with the chain: finalized ones promoted, a vanished one dropped', async () => {
    const rpc = httpRpc(net.rpcUrl);
    const decoder = createLogDecoder(net.programId);
    const upkeep = new ChainUpkeep({
      db: t.db,
      rpc,
      programId: net.programId,
      env: await foldEnv(net.programId),
      decoder,
      ingest: (txs) => ingestBatch(t.db, txs),
      metrics: new Metrics(),
    });
    await sync();
    await waitFor(async () => {
      const finalized = await rpc.call<number>('getSlot', [{ commitment: 'finalized' }]);
      const newest = await t.db.selectFrom('transactions').select(sql<string>`max(slot)`.as('slot')).executeTakeFirst();
      return BigInt(finalized) >= BigInt(newest?.slot ?? '0');
    });
    // A transaction no block holds (its fork was abandoned), delivered as confirmed: it set a price.
    const finalized = await rpc.call<number>('getSlot', [{ commitment: 'finalized' }]);
    const before = await t.db.selectFrom('models').selectAll().where('address', '=', m.model).executeTakeFirstOrThrow();
    const ghost: DecodedTransaction = {
      signature: getBase58Decoder().decode(randomBytes(64)),
      slot: String(finalized),
      indexInBlock: 0,
      blockTime: null,
      commitment: 'confirmed',
      err: null,
      feePayer: null,
      events: [
        {
          name: 'ModelUpdated',
          data: {
            model: m.model,
            owner: before.owner,
            visibility: 0,
            status: 1,
            pricePerUse: '1',
            subscriptionPrice: '0',
            passSize: 0,
            passPrice: '0',
            cardCid: before.card_cid,
            currentVersion: Number(before.current_version),
          },
        } as ModelmintEvent,
      ],
    };
    await ingestBatch(t.db, [ghost]);
    expect(await realDiffs(t.db, await accounts().programAccounts())).not.toEqual([]);

    const confirmed = await t.db
      .selectFrom('transactions')
      .select('signature')
      .where('commitment', '=', 'confirmed')
      .execute();
    const result = await upkeep.settle();
    expect(result).toMatchObject({ checked: confirmed.length, promoted: confirmed.length - 1, dropped: 1, moved: 0 });
    const left = await t.db.selectFrom('transactions').select(['signature', 'commitment']).execute();
    expect(left.map((r) => r.signature)).not.toContain(ghost.signature);
    expect(left.filter((r) => r.commitment !== 'finalized')).toEqual([]);
    expect(await realDiffs(t.db, await accounts().programAccounts())).toEqual([]);
    expect(await upkeep.settle()).toEqual({ checked: 0, promoted: 0, dropped: 0, moved: 0 });
  }, 60_000);

  it('runs reconciliation and finality on demand at /admin, behind the admin token', async () => {
    const metrics = new Metrics();
    const bus = new LiveBus();
    const decoder = createLogDecoder(net.programId);
    const env = await foldEnv(net.programId);
    const ingest = new IngestService(t.db, metrics, bus, env);
    const upkeep = new ChainUpkeep({
      db: t.db,
      rpc: httpRpc(net.rpcUrl),
      programId: net.programId,
      env,
      decoder,
      ingest: (txs) => ingest.ingestBatch('finality', txs),
      metrics,
    });
    const deps = { db: t.db, dbKind: t.kind, decoder, ingest, metrics, bus, webhookSecret: undefined };
    const token = 'admin-token-of-the-test';
    const post = (app: ReturnType<typeof createApp>, path: string, auth?: string) =>
      app.request(path, { method: 'POST', headers: auth ? { authorization: `Bearer ${auth}` } : {} });

    // Off without a token, or without a chain to compare with.
    expect((await post(createApp({ ...deps, upkeep }), '/admin/reconcile', token)).status).toBe(503);
    expect((await post(createApp({ ...deps, adminToken: token }), '/admin/finality', token)).status).toBe(503);
    const app = createApp({ ...deps, adminToken: token, upkeep });
    expect((await post(app, '/admin/reconcile')).status).toBe(401);
    expect((await post(app, '/admin/reconcile', `${token}x`)).status).toBe(401);

    await t.db.updateTable('models').set({ uses: '12345' }).where('address', '=', m.model).execute();
    const report = await post(app, '/admin/reconcile?repair=false', token);
    expect(report.status).toBe(200);
    expect(await report.json()).toMatchObject({
      repaired: 0,
      differences: 1,
      diffs: [{ table: 'models', key: { address: m.model }, field: 'uses', db: '12345' }],
    });
    const repair = await post(app, '/admin/reconcile', token);
    expect(await repair.json()).toMatchObject({ differences: 1, repaired: 1 });
    expect(await realDiffs(t.db, await accounts().programAccounts())).toEqual([]);
    expect(await metrics.registry.getSingleMetricAsString('modelmint_indexer_repaired_rows_total')).toMatch(/ 1$/m);

    const finality = await post(app, '/admin/finality', token);
    expect(finality.status).toBe(200);
    expect(await finality.json()).toEqual({ checked: 0, promoted: 0, dropped: 0, moved: 0 });
    expect((await post(app, '/admin/reconcile?repair=maybe', token)).status).toBe(400);
  }, 60_000);
});
