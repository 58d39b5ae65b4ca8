// Optimization jobs through the training-job path: a creator requests training with an
// `optimize` config; the oracle runs the worker's `optimize` on the current version,
// checks the weights hash, pins the new version, and paid generations are then served by
// the optimized model. Also: a training config naming no base uses the oracle's default
// base (`--default-base`, what `make start` sets to the bases it pretrains).
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Category,
  cidToString,
  fetchJobAccount,
  fetchModelAccount,
  JobStatus,
  requestGeneration,
  requestTraining,
  settleJob,
} from '@modelmint/sdk';
import type { Address, KeyPairSigner } from '@solana/kit';
import { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensorsMetadata } from '../src/inputs.js';
import { cidBytes } from '../src/ipfs.js';
import { ReasonCode } from '../src/worker.js';
import {
  balance,
  captionDataset,
  cleanup,
  funded,
  type Market,
  newModel,
  type Rig,
  rig,
  setupMarket,
  WINDOW,
  warp,
} from './fixtures.js';

const TINY_BASES = { caption: 'caption-tiny', generate: 'generate32-tiny', style: 'generate32-tiny' };

describe('optimization jobs and the default base', () => {
  let m: Market;
  let r: Rig;
  let model: Address;
  let creator: KeyPairSigner;
  let dataset: Uint8Array;

  beforeAll(async () => {
    m = await setupMarket();
    r = await rig(m, { config: { defaultBases: TINY_BASES } });
    ({ model, creator } = await newModel(m, Category.Caption));
    dataset = cidBytes(await r.ipfs.addDirectory([{ path: 'train.jsonl', content: captionDataset(40) }]));
  });

  afterAll(async () => {
    await r?.close();
    await cleanup(m.dir);
  });

  /** Requests a training job with `config`, runs the oracle once, returns the job. */
  async function trainingJob(config: unknown): Promise<Address> {
    const configCid = cidBytes(await r.ipfs.addBytes(new TextEncoder().encode(JSON.stringify(config))));
    const { job } = await requestTraining(m.chain.sender, {
      owner: creator,
      model,
      datasetCid: dataset,
      configCid,
      fee: 10_000_000n,
    });
    await r.oracle.tick();
    await r.oracle.idle();
    return job;
  }

  async function settle(job: Address): Promise<string> {
    const j = await fetchJobAccount(m.chain.sender, job);
    expect(j.status).toBe(JobStatus.Delivered);
    warp(m.svm, WINDOW + 1n);
    await settleJob(m.chain.sender, { payer: creator, job });
    return cidToString(new Uint8Array(j.resultCid));
  }

  async function metricsOf(version: string): Promise<Record<string, unknown>> {
    const dir = await mkdtemp(join(tmpdir(), 'mm-version-'));
    await r.ipfs.exportTo(CID.parse(version), dir, 64 << 20);
    const out = JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    await cleanup(dir);
    return out;
  }

  /** A paid generation on the current version; returns the output bytes. */
  async function generate(): Promise<Uint8Array> {
    const user = await funded(m.svm);
    const input = cidBytes(
      await r.ipfs.addBytes(new TextEncoder().encode('{"prompt":"Ahoy","max_tokens":12,"seed":2}')),
    );
    const { job } = await requestGeneration(m.chain.sender, { user, model, inputCid: input });
    await r.oracle.tick();
    await r.oracle.idle();
    const j = await fetchJobAccount(m.chain.sender, job);
    expect(j.status).toBe(JobStatus.Delivered);
    const cid = CID.decode(new Uint8Array(j.resultCid));
    const out = await r.ipfs.cat(cid, 1 << 20);
    expect(Buffer.from(cid.multihash.digest).toString('hex')).toBe(createHash('sha256').update(out).digest('hex'));
    return out;
  }

  it('trains from a config that names no base on the default base', async () => {
    const job = await trainingJob({ epochs: 3 });
    const version = await settle(job);
    expect((await fetchModelAccount(m.chain.sender, model)).currentVersion).toBe(1);
    const adapter = join(r.stateDir, 'weights', version, 'adapter.safetensors');
    await generate(); // loads the version's adapter into the weights cache
    expect((await readSafetensorsMetadata(adapter))['modelmint.base_id']).toBe('caption-tiny');
  });

  it('quantizes the current version to int8: a smaller version 2 that serves generations', async () => {
    const job = await trainingJob({ optimize: 'int8' });
    const outcome = r.oracle.outcomes.find((o) => o.job === job);
    expect(outcome?.outcome).toBe('delivered');
    const version = await settle(job);
    expect((await fetchModelAccount(m.chain.sender, model)).currentVersion).toBe(2);
    const metrics = await metricsOf(version);
    expect(metrics.method).toBe('int8');
    expect(Number(metrics.size_bytes_after)).toBeLessThan(Number(metrics.size_bytes_before));
    expect(Number(metrics.val_loss_after)).toBeLessThan(Number(metrics.val_loss_before) * 1.02);
    expect(Number(metrics.infer_ms_before)).toBeGreaterThan(0);
    // The pinned model file hashes to the reported weights hash.
    const file = join(r.stateDir, 'weights', version, 'model.safetensors');
    const out = await generate();
    expect(
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    ).toBe(metrics.weights_sha256);
    // Anyone can recompute the generation from the optimized file.
    const again = await r.worker.request('infer', {
      category: 'caption',
      weights: file,
      input: { prompt: 'Ahoy', max_tokens: 12 },
      seed: 2,
      out_dir: await mkdtemp(join(tmpdir(), 'mm-recompute-')),
    });
    expect(Buffer.compare(await readFile(String(again.output)), Buffer.from(out))).toBe(0);
  });

  it('exports the current version to ONNX: version 3, served with onnxruntime', async () => {
    const job = await trainingJob({ optimize: 'onnx' });
    const version = await settle(job);
    const metrics = await metricsOf(version);
    expect(metrics.method).toBe('onnx');
    expect(Number(metrics.onnx_max_abs_diff)).toBeLessThan(1e-4);
    expect((await fetchModelAccount(m.chain.sender, model)).currentVersion).toBe(3);
    expect((await generate()).length).toBeGreaterThan(0);
  });

  it('fails bad optimization requests with CONFIG_INVALID and refunds the fee', async () => {
    const unknown = await trainingJob({ optimize: 'int4' });
    expect((await fetchJobAccount(m.chain.sender, unknown)).status).toBe(JobStatus.Refunded);
    expect(r.oracle.outcomes.find((o) => o.job === unknown)?.reasonCode).toBe(ReasonCode.ConfigInvalid);
    const mixed = await trainingJob({ optimize: 'fp16', epochs: 3 });
    expect(r.oracle.outcomes.find((o) => o.job === mixed)?.reasonCode).toBe(ReasonCode.ConfigInvalid);

    // A model without a version has nothing to optimize.
    const fresh = await newModel(m, Category.Caption);
    const configCid = cidBytes(await r.ipfs.addBytes(new TextEncoder().encode('{"optimize":"fp16"}')));
    const before = balance(m.svm, fresh.creator.address);
    const { job } = await requestTraining(m.chain.sender, {
      owner: fresh.creator,
      model: fresh.model,
      datasetCid: dataset,
      configCid,
      fee: 10_000_000n,
    });
    await r.oracle.tick();
    await r.oracle.idle();
    expect((await fetchJobAccount(m.chain.sender, job)).status).toBe(JobStatus.Refunded);
    const outcome = r.oracle.outcomes.find((o) => o.job === job);
    expect(outcome?.reasonCode).toBe(ReasonCode.ConfigInvalid);
    expect(outcome?.message).toMatch(/needs a model version/);
    expect(before - balance(m.svm, fresh.creator.address)).toBeLessThan(10_000_000n); // the fee came back
  });
});
