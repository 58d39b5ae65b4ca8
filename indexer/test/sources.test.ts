// The RPC sources against the local chain (localnet: LiteSVM behind Solana's JSON-RPC and
// websocket APIs): backfill by getSignaturesForAddress + getTransaction, live logsSubscribe,
// reconciliation with getProgramAccounts / getMultipleAccounts.
import { claimJob, rawCid, requestGeneration, requestTraining, settleJob, submitResult } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Localnet } from '../../localnet/src/index.js';
import { fundedSigner, rawResult, startTestnet, waitFor } from '../../localnet/test/helpers.js';
import { type OnChainMarketplace, setupOnChain } from '../../localnet/test/marketplace.js';
import { ingestBatch } from '../src/ingest/ingest.js';
import { createLogDecoder } from '../src/ingest/log-decoder.js';
import { type AccountSource, diffAccounts, reconcile } from '../src/reconcile.js';
import { rpcAccounts } from '../src/sources/accounts.js';
import { syncToTip } from '../src/sources/backfill.js';
import { watchProgramLogs } from '../src/sources/live.js';
import { httpRpc } from '../src/sources/rpc.js';
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
});
