// A whole job lifecycle over RPC with the SDK's actions: training, an Ed25519-attested
// result, the dispute window passed with modelmint_advanceClock, settlement and a paid generation.
import {
  claimJob,
  fetchModelAccount,
  findFeeVaultAddress,
  rawCid,
  requestGeneration,
  requestTraining,
  settleJob,
  submitResult,
} from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Localnet } from '../src/index.js';
import { fundedSigner, kitClients, rawResult, startTestnet } from './helpers.js';
import { type OnChainMarketplace, setupOnChain } from './marketplace.js';

const cid = (text: string) => rawCid(new TextEncoder().encode(text));

describe('job lifecycle over RPC', () => {
  let net: Localnet;
  let m: OnChainMarketplace;
  beforeAll(async () => {
    net = await startTestnet();
    m = await setupOnChain(net);
  });
  afterAll(() => net?.close());

  const deliverAndSettle = async (job: Address, result: string) => {
    await claimJob(m.sender, { authority: m.authority, job });
    await submitResult(m.sender, {
      authority: m.authority,
      attestationSigner: m.attestation,
      job,
      resultCid: await cid(result),
    });
    await rawResult(net, 'modelmint_advanceClock', [{ seconds: 86_401 }]);
    // The creator cranks: with the oracle's authority as payer, settling a training job
    // fails with UnbalancedInstruction (a program bug, reproduced on plain LiteSVM too).
    await settleJob(m.sender, { payer: m.creator, job });
  };

  it('trains version 1, then settles a paid generation 90/10', async () => {
    const { rpc } = kitClients(net);
    // SOL fees accrue in the fee vault PDA (the treasury withdraws them).
    const [feeVault] = await findFeeVaultAddress();
    const feesBefore = (await rpc.getBalance(feeVault).send()).value;
    const training = await requestTraining(m.sender, {
      owner: m.creator,
      model: m.model,
      datasetCid: await cid('dataset'),
      configCid: await cid('config'),
      fee: 10_000_000n,
    });
    await deliverAndSettle(training.job, 'weights');
    expect((await fetchModelAccount(m.sender, m.model)).currentVersion).toBe(1);

    const consumer = await fundedSigner(net);
    const { job } = await requestGeneration(m.sender, { user: consumer, model: m.model, inputCid: await cid('input') });
    await deliverAndSettle(job, 'output');
    const feesAfter = (await rpc.getBalance(feeVault).send()).value;
    // 10% of the training fee and 10% of the 1_000_000-lamport price.
    expect(feesAfter - feesBefore).toBe(1_000_000n + 100_000n);
  });
});
