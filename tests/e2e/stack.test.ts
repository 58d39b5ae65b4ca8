// The whole story across real processes: the local chain, the oracle (with
// its Python worker) and the indexer run as separate processes; the test
// talks to them over HTTP JSON-RPC and websockets like any client. Each step
// records its wall time (printed as [e2e] lines).

import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  disputeJob,
  eventsNamed,
  fetchJobAccount,
  fetchModelAccount,
  findAssociatedTokenAddress,
  findFeeVaultAddress,
  grantAccessInstruction,
  isModelmintProgramError,
  JobStatus,
  parseEvents,
  refundExpired,
  requestGeneration,
  resolveDispute,
  settleJob,
  TOKEN_2022_PROGRAM_ADDRESS,
  updateModelInstruction,
  Visibility,
  withdrawFees,
  withdrawRevenue,
} from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { getCreateAssociatedTokenIdempotentInstruction, getTransferCheckedInstruction } from '@solana-program/token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidBytes, EmbeddedIpfs } from '../../gpu-oracle/src/ipfs.js';
import { type Chain, configure, connect, fund, SOL } from '../../scripts/local-stack/chain.js';
import { ensureKeys, loadKeypairFile } from '../../scripts/local-stack/keys.js';
import { freePort, Services, waitForHttp } from '../../scripts/local-stack/processes.js';
import { demoSpecs, pinDemoContent, seedDemo } from '../../scripts/local-stack/seed.js';
import { oracleArgs as oracleArgsOf, startIndexer, workerPython } from '../../scripts/local-stack/services.js';
import { REPO_ROOT } from '../fixtures/svm.js';

const timings: Record<string, number> = {};
async function step<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await f();
  timings[name] = Math.round(performance.now() - t0);
  console.log(`[e2e] ${name}: ${timings[name]} ms`);
  return out;
}

async function balance(chain: Chain, a: Address): Promise<bigint> {
  return (await chain.rpc.getBalance(a, { commitment: 'confirmed' }).send()).value;
}

async function waitForStatus(chain: Chain, job: Address, status: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const j = await fetchJobAccount(chain.sender, job);
    if (j.status === status) return;
    if (j.status === JobStatus.Refunded && status !== JobStatus.Refunded) throw new Error(`job ${job} was refunded`);
    if (Date.now() > deadline) throw new Error(`job ${job} did not reach status ${status}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('local stack end to end', () => {
  const state = { dir: '', services: undefined as Services | undefined };
  afterAll(async () => {
    await state.services?.stopAll();
    console.log(`[e2e] timings ${JSON.stringify(timings)}`);
  });

  let chain: Chain;
  let keys: Awaited<ReturnType<typeof ensureKeys>>;
  let ipfsDir: string;
  let oracleArgs: string[];
  let indexerUrl: string;
  beforeAll(async () => {
    state.dir = await mkdtemp(join(tmpdir(), 'modelmint-e2e-'));
    const python = workerPython(REPO_ROOT);
    execFileSync(python, ['-m', 'modelmint_worker.data.demo', '--out', join(state.dir, 'data')], {
      cwd: join(REPO_ROOT, 'gpu-oracle/worker'),
      stdio: 'ignore',
    });
    const [rpcPort, indexerPort] = [await freePort(), await freePort()];
    // (the oracle is started after the indexer's port is known)
    const wsPort = await freePort();
    const rpcUrl = `http://127.0.0.1:${rpcPort}`;
    const services = new Services(REPO_ROOT, state.dir);
    state.services = services;
    services.start('chain', 'localnet/src/main.ts', ['--rpc-port', String(rpcPort), '--ws-port', String(wsPort)]);
    await waitForHttp(`${rpcUrl}/health`);
    chain = connect(rpcUrl, `ws://127.0.0.1:${wsPort}`);
    keys = await ensureKeys(join(state.dir, 'keys'));
    ipfsDir = join(state.dir, 'ipfs');
    oracleArgs = oracleArgsOf({
      rpcUrl,
      wsUrl: `ws://127.0.0.1:${wsPort}`,
      keypair: keys.oracle,
      attestationKeypair: keys.attestation,
      ipfsDir,
      stateDir: join(state.dir, 'oracle'),
      python,
      indexerUrl: `http://127.0.0.1:${indexerPort}`,
      pollMs: 500,
    });
    indexerUrl = `http://127.0.0.1:${indexerPort}`;
    startIndexer(services, {
      port: indexerPort,
      pgliteDir: join(state.dir, 'indexer'),
      rpcUrl,
      wsUrl: `ws://127.0.0.1:${wsPort}`,
      ipfsDir: join(state.dir, 'ipfs'),
    });
    await waitForHttp(`http://127.0.0.1:${indexerPort}/health`, 120_000);
  }, 240_000);

  it('runs every user story across the chain, oracle and indexer processes', async () => {
    const [admin, treasury, oracle, attestation, creator, consumer] = await Promise.all(
      (['admin', 'treasury', 'oracle', 'attestation', 'creator', 'consumer'] as const).map((r) =>
        loadKeypairFile(keys[r]),
      ),
    );
    if (!admin || !treasury || !oracle || !attestation || !creator || !consumer) throw new Error('keys');
    const services = state.services;
    if (!services) throw new Error('services');
    await fund(chain, [admin.address, oracle.address, creator.address, consumer.address]);
    await fund(chain, [treasury.address], SOL);
    await configure(chain, {
      admin,
      treasury: treasury.address,
      oracle: oracle.address,
      attestation: attestation.address,
    });
    let oracleProcess = services.start('oracle', 'gpu-oracle/src/main.ts', oracleArgs);

    // 1. create, mint, upload a dataset, train; version 1 after settlement.
    const [spec] = demoSpecs(join(state.dir, 'data'));
    if (!spec) throw new Error('no demo spec');
    const content = await pinDemoContent(ipfsDir, spec);
    const demo = await step('1 create + train + settle version 1', () =>
      seedDemo(chain, { creator, stateDir: state.dir, spec, content }),
    );
    expect((await fetchModelAccount(chain.sender, demo.model)).currentVersion).toBe(1);

    const ipfs = await EmbeddedIpfs.open(ipfsDir);
    const input = cidBytes(await ipfs.addBytes(new TextEncoder().encode('{"prompt":"Ahoy","max_tokens":8}')));
    await ipfs.close();

    // 2. allowlist-only: refused without a grant; granted consumer pays, settles 90/10.
    await step('2 allowlist + paid generation + settle', async () => {
      await chain.sender.send(
        [
          await updateModelInstruction({
            owner: creator,
            model: demo.model,
            assetMint: demo.assetMint,
            visibility: Visibility.Allowlist,
          }),
        ],
        creator,
      );
      const refused = await requestGeneration(chain.sender, {
        user: consumer,
        model: demo.model,
        inputCid: input,
      }).catch((e: unknown) => e);
      expect(isModelmintProgramError(refused, 'AccessDenied')).toBe(true);
      await chain.sender.send(
        [
          await grantAccessInstruction({
            owner: creator,
            model: demo.model,
            assetMint: demo.assetMint,
            user: consumer.address,
          }),
        ],
        creator,
      );
      const { job } = await requestGeneration(chain.sender, { user: consumer, model: demo.model, inputCid: input });
      await waitForStatus(chain, job, JobStatus.Delivered);
      // SOL fees accrue in the fee vault; the treasury takes them with withdraw_fees.
      const [feeVault] = await findFeeVaultAddress();
      const [modelBefore, feesBefore] = [await balance(chain, demo.model), await balance(chain, feeVault)];
      await chain.advanceClock(86_401);
      await settleJob(chain.sender, { payer: consumer, job });
      expect((await balance(chain, demo.model)) - modelBefore).toBe(900_000n);
      expect((await balance(chain, feeVault)) - feesBefore).toBe(100_000n);
      const treasuryBefore = await balance(chain, treasury.address);
      const withdrawn = await withdrawFees(chain.sender, { treasury });
      // Everything accrued so far (the demo trainings' fees too); the treasury paid the transaction fee.
      const fees = eventsNamed(parseEvents(withdrawn.logs), 'FeesWithdrawn')[0]?.amount ?? 0n;
      expect(fees).toBeGreaterThanOrEqual(100_000n);
      expect((await balance(chain, treasury.address)) - treasuryBefore).toBe(fees - 5_000n);
    });

    // 3. a dispute refunded 100% by the arbiter.
    await step('3 dispute + full refund', async () => {
      const { job } = await requestGeneration(chain.sender, { user: consumer, model: demo.model, inputCid: input });
      await waitForStatus(chain, job, JobStatus.Delivered);
      await disputeJob(chain.sender, { requester: consumer, job, reasonCid: input });
      const before = await balance(chain, consumer.address);
      await resolveDispute(chain.sender, { arbiter: admin, job, refundBps: 10_000 });
      expect((await balance(chain, consumer.address)) - before).toBe(1_000_000n);
    });

    // 4. the oracle dies before delivering; after the deadline anyone refunds in full.
    await step('4 oracle killed + refund_expired', async () => {
      oracleProcess.kill('SIGKILL');
      await new Promise((r) => oracleProcess.once('exit', r));
      const { job } = await requestGeneration(chain.sender, { user: consumer, model: demo.model, inputCid: input });
      const before = await balance(chain, consumer.address);
      await chain.advanceClock(601);
      await refundExpired(chain.sender, { payer: admin, job });
      expect((await balance(chain, consumer.address)) - before).toBe(1_000_000n);
      expect((await fetchJobAccount(chain.sender, job)).status).toBe(JobStatus.Refunded);
      oracleProcess = services.start('oracle-2', 'gpu-oracle/src/main.ts', oracleArgs);
    });

    // 5. the asset moves to a new wallet, which then withdraws the revenue.
    let newHolderAddress = '' as Address;
    await step('5 asset transfer + withdraw by the new holder', async () => {
      const newHolder = await loadKeypairFile((await ensureKeys(join(state.dir, 'keys2'))).creator);
      await fund(chain, [newHolder.address]);
      newHolderAddress = newHolder.address;
      const from = await findAssociatedTokenAddress({
        wallet: creator.address,
        mint: demo.assetMint,
        tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
      });
      const to = await findAssociatedTokenAddress({
        wallet: newHolder.address,
        mint: demo.assetMint,
        tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
      });
      await chain.sender.send(
        [
          getCreateAssociatedTokenIdempotentInstruction({
            payer: creator,
            ata: to,
            owner: newHolder.address,
            mint: demo.assetMint,
            tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
          }),
          getTransferCheckedInstruction(
            { source: from, mint: demo.assetMint, destination: to, authority: creator, amount: 1n, decimals: 0 },
            { programAddress: TOKEN_2022_PROGRAM_ADDRESS },
          ),
        ],
        creator,
      );
      const stolen = await withdrawRevenue(chain.sender, { owner: creator, model: demo.model }).catch(
        (e: unknown) => e,
      );
      expect(isModelmintProgramError(stolen, 'NotAssetHolder')).toBe(true);
      const before = await balance(chain, newHolder.address);
      await withdrawRevenue(chain.sender, { owner: newHolder, model: demo.model });
      // The model earned 900,000 in step 2; step 3 was refunded in full and
      // the training fee went to the oracle.
      expect((await balance(chain, newHolder.address)) - before).toBe(900_000n - 5_000n);
    });

    // 6. the indexer, following the chain over RPC and websocket, reflects every step.
    await step('6 indexer reflects the chain', async () => {
      const get = async (path: string): Promise<unknown> => {
        const res = await fetch(`${indexerUrl}${path}`);
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        return res.json();
      };
      const chainModel = await fetchModelAccount(chain.sender, demo.model);
      const deadline = Date.now() + 60_000;
      let body: unknown;
      for (;;) {
        body = await get(`/models/${demo.model}`);
        // Wait for the last step's transactions (transfer and withdrawal), not only step 2's uses.
        const text = JSON.stringify(body) + JSON.stringify(await get(`/models/${demo.model}/stats`));
        const caughtUp = [`"uses":"${chainModel.uses}"`, `"owner":"${newHolderAddress}"`, '"withdrawn":"900000"'];
        if (caughtUp.every((s) => text.includes(s))) break;
        if (Date.now() > deadline) throw new Error(`indexer never caught up: ${JSON.stringify(body).slice(0, 400)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      type Row = Record<string, unknown>;
      const model = (body as { model: Row }).model;
      expect(model.owner).toBe(newHolderAddress);
      expect(model.visibility).toBe('allowlist');
      expect(model.current_version).toBe(String(chainModel.currentVersion));
      const stats = (await get(`/models/${demo.model}/stats`)) as Row;
      expect(stats).toMatchObject({
        uses: String(chainModel.uses),
        gross_revenue: String(chainModel.grossRevenue),
        withdrawn: '900000',
        settled: '1',
        disputed: '1',
        expired: '1',
      });
      const training = (await get(`/jobs/${demo.trainingJob}`)) as Row;
      expect(training.status).toBe('settled');
      // Training progress reached the indexer, signed by the oracle's attestation key.
      const progress = (await get(`/jobs/${demo.trainingJob}/progress`)) as { items: Row[] };
      expect(progress.items.length).toBeGreaterThan(0);
      expect(progress.items[0]).toMatchObject({ phase: 'train', epoch: 1 });
      // The model card came from IPFS: search finds the model by its name.
      for (;;) {
        const found = (await get('/models?q=pirate')) as { items: Row[] };
        if (found.items.some((i) => i.address === demo.model)) break;
        if (Date.now() > deadline) throw new Error('search never found the model by its card');
        await new Promise((r) => setTimeout(r, 500));
      }
      const revenue = (await get(`/models/${demo.model}/revenue`)) as { items: Row[] };
      expect(revenue.items).toEqual([expect.objectContaining({ gross: '1000000', creator: '900000', fees: '100000' })]);
    });
  }, 600_000);
});
