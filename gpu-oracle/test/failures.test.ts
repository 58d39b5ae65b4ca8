// Bad inputs end in fail_job with the worker's reason code and a full refund.
import { Category, fetchJobAccount, JobStatus, parseEvents, requestGeneration, requestTraining } from '@modelmint/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidBytes } from '../src/ipfs.js';
import { ReasonCode } from '../src/worker.js';
import {
  balance,
  cleanup,
  fakeVersion,
  funded,
  type Market,
  newModel,
  png,
  type Rig,
  rig,
  setupMarket,
} from './fixtures.js';

describe('invalid inputs are refunded', () => {
  let m: Market;
  let r: Rig;

  beforeAll(async () => {
    m = await setupMarket();
    r = await rig(m);
  });
  afterAll(async () => {
    await r?.close();
    await cleanup(m.dir);
  });

  it('an invalid text dataset ends in fail_job(DATASET_INVALID) and a full refund of the fee', async () => {
    const { model, creator } = await newModel(m, Category.Caption);
    const bad = new TextEncoder().encode('{"text": "fine"}\nnot json at all\n{"nope": 1}\n');
    const datasetCid = await r.ipfs.addDirectory([{ path: 'data.jsonl', content: bad }]);
    const configCid = await r.ipfs.addBytes(new TextEncoder().encode('{"base":"caption-tiny","epochs":1}'));
    const before = balance(m.svm, creator.address);
    const fee = 10_000_000n;
    const { job } = await requestTraining(m.chain.sender, {
      owner: creator,
      model,
      datasetCid: cidBytes(datasetCid),
      configCid: cidBytes(configCid),
      fee,
    });
    const paid = before - balance(m.svm, creator.address);
    await r.oracle.tick();
    await r.oracle.idle();
    const j = await fetchJobAccount(m.chain.sender, job);
    expect(j.status).toBe(JobStatus.Refunded);
    const outcome = r.oracle.outcomes.find((o) => o.job === job);
    expect(outcome?.outcome).toBe('failed');
    expect(outcome?.reasonCode).toBe(ReasonCode.DatasetInvalid);
    // The fee comes back in full; only the request's transaction fee (and the job's rent, which stays in the account) is spent.
    const jobRent = balance(m.svm, job);
    expect(before - balance(m.svm, creator.address)).toBe(paid - fee);
    expect(paid - fee - jobRent).toBe(5_000n);
  });

  it('an image dataset with an image over 5 MB ends in fail_job(DATASET_INVALID) and a refund', async () => {
    const { model, creator } = await newModel(m, Category.Generate);
    const files = Array.from({ length: 10 }, (_, i) => ({ path: `img-${i}.png`, content: png(16, 16, i + 1) }));
    const huge = png(1500, 1200, 9, true);
    expect(huge.length).toBeGreaterThan(5 * 1024 * 1024);
    files.push({ path: 'huge.png', content: huge });
    const datasetCid = await r.ipfs.addDirectory(files);
    const configCid = await r.ipfs.addBytes(new TextEncoder().encode('{"base":"generate32-tiny","epochs":1}'));
    const { job } = await requestTraining(m.chain.sender, {
      owner: creator,
      model,
      datasetCid: cidBytes(datasetCid),
      configCid: cidBytes(configCid),
      fee: 10_000_000n,
    });
    await r.oracle.tick();
    await r.oracle.idle();
    expect((await fetchJobAccount(m.chain.sender, job)).status).toBe(JobStatus.Refunded);
    const outcome = r.oracle.outcomes.find((o) => o.job === job);
    expect(outcome?.reasonCode).toBe(ReasonCode.DatasetInvalid);
    expect(outcome?.message).toMatch(/huge\.png.*TOO_LARGE/);
  });

  it('a style input image over 5 MB ends in fail_job(INPUT_INVALID) before any weights are fetched; the price is refunded', async () => {
    const { model, creator } = await newModel(m, Category.Style, 2_000_000n);
    await fakeVersion(m, model, creator); // weights that do not exist: the input check must come first
    const user = await funded(m.svm);
    const huge = png(1500, 1200, 3, true);
    const inputCid = await r.ipfs.addBytes(huge);
    const before = balance(m.svm, user.address);
    const { job } = await requestGeneration(m.chain.sender, { user, model, inputCid: cidBytes(inputCid) });
    await r.oracle.tick();
    await r.oracle.idle();
    expect((await fetchJobAccount(m.chain.sender, job)).status).toBe(JobStatus.Refunded);
    const outcome = r.oracle.outcomes.find((o) => o.job === job);
    expect(outcome?.reasonCode).toBe(ReasonCode.InputInvalid);
    // Price back in full: the user is out only the transaction fee and the job account's rent.
    expect(before - balance(m.svm, user.address)).toBe(5_000n + balance(m.svm, job));
  });

  it('an unknown field in an inference request is INPUT_INVALID', async () => {
    const { model, creator } = await newModel(m, Category.Caption);
    await fakeVersion(m, model, creator);
    const user = await funded(m.svm);
    const inputCid = await r.ipfs.addBytes(new TextEncoder().encode('{"prompt":"hi","colour":"red"}'));
    const { job, logs } = await requestGeneration(m.chain.sender, { user, model, inputCid: cidBytes(inputCid) });
    expect(parseEvents(logs)[0]?.name).toBe('JobRequested');
    await r.oracle.tick();
    await r.oracle.idle();
    expect((await fetchJobAccount(m.chain.sender, job)).status).toBe(JobStatus.Refunded);
    expect(r.oracle.outcomes.find((o) => o.job === job)?.reasonCode).toBe(ReasonCode.InputInvalid);
  });
});
