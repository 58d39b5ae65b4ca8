// The work of a job: fetch inputs and weights from IPFS, run the worker
// (train or infer), pin the outputs, return the result CID.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isNoneCid, JobKind } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import type { CID } from 'multiformats/cid';
import { type BackoffOptions, isTransient, retry } from './backoff.js';
import type { Job } from './chain.js';
import {
  type CategoryName,
  categoryName,
  extractTar,
  isTar,
  MAX_CONFIG_BYTES,
  MAX_IMAGE_BYTES,
  MAX_INFERENCE_INPUT_BYTES,
  parseInferenceInput,
  parseTrainingConfig,
  readSafetensorsMetadata,
  sniffImage,
  stableMetrics,
} from './inputs.js';
import { ContentTooLarge, ContentUnavailable, listFiles, toCid } from './ipfs.js';
import { JobFailure, parseCid } from './job-failure.js';
import type { Logger } from './log.js';
import type { OracleConfig, OracleDeps } from './oracle.js';
import { ProgressReporter } from './progress.js';
import { type JsonObject, ReasonCode, WorkerError } from './worker.js';

export class Compute {
  constructor(
    private readonly d: OracleDeps,
    private readonly cfg: OracleConfig,
    private readonly oracle: () => Address,
    private readonly retryOpts: (what: string) => BackoffOptions,
  ) {}

  async budgetMs(j: Job): Promise<number> {
    const limit = j.kind === JobKind.Training ? this.cfg.jobTimeoutMs.training : this.cfg.jobTimeoutMs.inference;
    const now = await this.d.chain.now();
    const left = Number(j.deadline - now - BigInt(this.cfg.submitMarginSecs)) * 1000;
    return Math.min(limit, left);
  }

  /** Runs the job's training or inference and pins the output. */
  async run(job: Address, j: Job, log: Logger): Promise<{ cid: CID; workerMs: number; result: JsonObject }> {
    const model = await retry(() => this.d.chain.getModel(j.model), this.retryOpts('read model'));
    if (!model) throw new JobFailure(ReasonCode.BadRequest, 'model account is gone');
    const category = categoryName(model.category);
    const dir = join(this.cfg.workDir, 'jobs', job, String(Date.now()));
    await mkdir(dir, { recursive: true });
    try {
      return j.kind === JobKind.Training
        ? await this.train(job, j, category, dir, log)
        : await this.infer(job, j, category, dir, log);
    } finally {
      if (!this.cfg.keepWork) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private fetchOpts(what: string) {
    return { ...this.retryOpts(what), isRetryable: (e: unknown) => !(e instanceof ContentTooLarge) && isTransient(e) };
  }

  private async infer(
    job: Address,
    j: Job,
    category: CategoryName,
    dir: string,
    log: Logger,
  ): Promise<{ cid: CID; workerMs: number; result: JsonObject }> {
    const inputCid = toCid(new Uint8Array(j.inputCid));
    // The input first: a bad request fails before any weights are fetched.
    const stat = await retry(() => this.d.ipfs.stat(inputCid), this.fetchOpts('stat input'));
    if (stat.type !== 'file') throw new JobFailure(ReasonCode.InputInvalid, 'the input CID is a directory');
    const limit = category === 'style' ? MAX_IMAGE_BYTES : MAX_INFERENCE_INPUT_BYTES;
    if (stat.size > BigInt(limit)) {
      throw new JobFailure(ReasonCode.InputInvalid, `input is ${stat.size} bytes; the limit is ${limit}`);
    }
    const bytes = await retry(() => this.d.ipfs.cat(inputCid, limit), this.fetchOpts('fetch input'));
    const req = parseInferenceInput(category, bytes);
    const input: JsonObject = { ...req.input };
    if (req.image) {
      let image = bytes;
      if (req.image.from === 'cid') {
        const imageCid = toCid(new Uint8Array(parseCid(req.image.cid)));
        image = await retry(() => this.d.ipfs.cat(imageCid, MAX_IMAGE_BYTES), this.fetchOpts('fetch image'));
      }
      const kind = sniffImage(image);
      if (!kind) throw new JobFailure(ReasonCode.InputInvalid, 'the style input is not a PNG, JPEG or WebP image');
      const path = join(dir, `input.${kind}`);
      await writeFile(path, image);
      input.image = path;
    }
    const weights = await this.weights(j, category);
    const t = performance.now();
    const result = await this.d.worker.request(
      'infer',
      {
        category,
        base: weights.base,
        ...(weights.adapter ? { adapter: weights.adapter } : {}),
        input,
        seed: req.seed,
        out_dir: join(dir, 'out'),
        device: this.cfg.inferDevice,
      },
      { timeoutMs: await this.budgetMs(j) },
    );
    const workerMs = performance.now() - t;
    const output = await readFile(String(result.output));
    const cid = await retry(() => this.d.ipfs.addBytes(output, `result ${job}`), this.fetchOpts('pin result'));
    if (cid.code === 0x55 && Buffer.from(cid.multihash.digest).toString('hex') !== result.output_sha256) {
      throw new WorkerError('INTERNAL', ReasonCode.Internal, false, 'pinned output does not hash to output_sha256');
    }
    log.info('inference done', { result: cid.toString(), bytes: output.length, worker_ms: Math.round(workerMs) });
    return { cid, workerMs, result };
  }

  private weightsLoading = new Map<string, Promise<{ base: string; adapter?: string }>>();

  /** The adapter of the job's version (cached on disk by CID, one fetch at a time per CID) and its base. */
  private weights(j: Job, category: CategoryName): Promise<{ base: string; adapter?: string }> {
    if (isNoneCid(new Uint8Array(j.weightsCid))) {
      return Promise.resolve({ base: category === 'caption' ? 'caption-small' : 'generate32-small' });
    }
    const cid = toCid(new Uint8Array(j.weightsCid));
    const key = cid.toString();
    const pending = this.weightsLoading.get(key);
    if (pending) return pending;
    const p = this.loadWeights(cid).finally(() => this.weightsLoading.delete(key));
    this.weightsLoading.set(key, p);
    return p;
  }

  private async loadWeights(cid: CID): Promise<{ base: string; adapter?: string }> {
    const cacheDir = join(this.cfg.workDir, 'weights', cid.toString());
    const adapter = join(cacheDir, 'adapter.safetensors');
    let meta: Record<string, string> | undefined;
    try {
      meta = await readSafetensorsMetadata(adapter);
    } catch {
      const tmp = `${cacheDir}.tmp-${process.pid}-${Date.now()}`;
      const kind = await retry(
        () => this.d.ipfs.exportTo(cid, tmp, this.cfg.maxWeightsBytes),
        this.fetchOpts('fetch weights'),
      ).catch((e: unknown) => {
        if (e instanceof ContentUnavailable) throw new JobFailure(ReasonCode.ContentUnavailable, e.message);
        throw e;
      });
      await rm(cacheDir, { recursive: true, force: true });
      await mkdir(cacheDir, { recursive: true });
      if (kind === 'file') await rename(tmp, adapter);
      else await rename(join(tmp, 'adapter.safetensors'), adapter).catch(() => undefined);
      await rm(tmp, { recursive: true, force: true });
      meta = await readSafetensorsMetadata(adapter);
    }
    const base = meta['modelmint.base_id'];
    if (!base) throw new JobFailure(ReasonCode.WeightsInvalid, 'the adapter names no base model');
    return { base, adapter };
  }

  private async train(
    job: Address,
    j: Job,
    category: CategoryName,
    dir: string,
    log: Logger,
  ): Promise<{ cid: CID; workerMs: number; result: JsonObject }> {
    let configBytes: Uint8Array | undefined;
    if (!isNoneCid(new Uint8Array(j.configCid))) {
      const configCid = toCid(new Uint8Array(j.configCid));
      configBytes = await retry(
        () => this.d.ipfs.cat(configCid, MAX_CONFIG_BYTES),
        this.fetchOpts('fetch config'),
      ).catch((e: unknown) => {
        if (e instanceof ContentTooLarge) throw new JobFailure(ReasonCode.ConfigInvalid, 'training config too large');
        throw e;
      });
    }
    const req = parseTrainingConfig(category, configBytes);
    // Dataset: a UnixFS directory, a tar archive, or one .jsonl/.csv file.
    const datasetCid = toCid(new Uint8Array(j.inputCid));
    const raw = join(dir, 'dataset-raw');
    const kind = await retry(
      () => this.d.ipfs.exportTo(datasetCid, raw, this.cfg.maxDatasetBytes),
      this.fetchOpts('fetch dataset'),
    ).catch((e: unknown) => {
      if (e instanceof ContentTooLarge) throw new JobFailure(ReasonCode.DatasetInvalid, e.message);
      throw e;
    });
    let dataset = raw;
    if (kind === 'file') {
      const bytes = await readFile(raw);
      if (isTar(bytes)) {
        dataset = join(dir, 'dataset');
        await extractTar(bytes, dataset);
      } else if (category === 'caption') {
        const text = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
        dataset = join(dir, text.startsWith('{') ? 'dataset.jsonl' : 'dataset.csv');
        await writeFile(dataset, bytes);
      } else {
        throw new JobFailure(ReasonCode.DatasetInvalid, 'an image dataset must be a directory or a tar archive');
      }
    }
    const out = join(dir, 'out');
    const progress = new ProgressReporter({
      url: this.cfg.indexerUrl,
      signer: this.d.attestation,
      job,
      oracle: this.oracle(),
      log,
    });
    const t = performance.now();
    const result = await this.d.worker.request(
      'train',
      {
        category,
        base: req.base,
        dataset,
        out_dir: out,
        config: req.config,
        seed: req.seed,
        device: this.cfg.trainDevice,
      },
      {
        timeoutMs: await this.budgetMs(j),
        onProgress: (p) => {
          progress.report(p);
          log.debug('progress', { epoch: p.epoch, step: p.step, train_loss: p.train_loss, val_loss: p.val_loss });
        },
      },
    );
    const workerMs = performance.now() - t;
    await progress.flush();
    // The pinned version: adapter + metrics without timings + samples, so a rerun gives the same CID.
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as unknown;
    await writeFile(join(out, 'metrics.json'), `${JSON.stringify(stableMetrics(metrics), null, 1)}\n`);
    const files = await listFiles(out);
    log.debug('pinning training output', { files });
    const cid = await retry(() => this.d.ipfs.addLocalDirectory(out, `version ${job}`), this.fetchOpts('pin weights'));
    log.info('training done', {
      result: cid.toString(),
      weights_sha256: result.weights_sha256,
      val_loss_first: result.val_loss_first,
      val_loss_last: result.val_loss_last,
      epochs_run: result.epochs_run,
      worker_ms: Math.round(workerMs),
    });
    return { cid, workerMs, result };
  }
}
