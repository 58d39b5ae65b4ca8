// Runs sdk/examples/pay-per-use.ts, the example in sdk/README.md, against
// the compiled program.
import { JobStatus } from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { listModel, payForGeneration } from '../../sdk/examples/pay-per-use.js';
import { setupMarketplace, trainVersion } from '../fixtures/marketplace.js';
import { fundedKeypair } from '../fixtures/svm.js';

describe('sdk example', () => {
  it('lists a model and pays for a generation', async () => {
    const m = await setupMarketplace();
    const creator = await fundedKeypair(m.svm);
    const model = await listModel(m.sender, creator);
    const { fetchModelAccount } = await import('@modelmint/sdk');
    const state = await fetchModelAccount(m.sender, model);
    await trainVersion(m, { model, assetMint: state.assetMint, creator });
    const consumer = await fundedKeypair(m.svm);
    const job = await payForGeneration(m.sender, consumer, model);
    const { fetchJobAccount } = await import('@modelmint/sdk');
    expect((await fetchJobAccount(m.sender, job)).status).toBe(JobStatus.Open);
  });
});
