// The work of a job: fetch inputs and weights from IPFS, run the worker
// (train or infer), pin the outputs, return the result CID.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
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
  type TrainingRequest,
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
        ...(weights.weights ? { weights: weights.weights } : { base: weights.base ?? '' }),
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

  private weightsLoading = new Map<string, Promise<VersionWeights>>();

  /** The weights of the job's version (cached on disk by CID, one fetch at a time per CID). */
  private weights(j: Job, category: CategoryName): Promise<VersionWeights> {
    if (isNoneCid(new Uint8Array(j.weightsCid))) {
      return Promise.resolve({ base: this.cfg.defaultBases[category] });
    }
    const cid = toCid(new Uint8Array(j.weightsCid));
    const key = cid.toString();
    const pending = this.weightsLoading.get(key);
    if (pending) return pending;
    const p = this.loadWeights(cid).finally(() => this.weightsLoading.delete(key));
    this.weightsLoading.set(key, p);
    return p;
  }

  private async loadWeights(cid: CID): Promise<VersionWeights> {
    const cacheDir = join(this.cfg.workDir, 'weights', cid.toString());
    let found = await cachedWeights(cacheDir);
    if (!found) {
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
      if (kind === 'file') {
        // A bare file: an adapter or an optimized model, told apart by its metadata.
        const meta = await readSafetensorsMetadata(tmp);
        const name = meta['modelmint.format'] === 'optimized-v1' ? OPTIMIZED_SAFETENSORS : ADAPTER;
        await rename(tmp, join(cacheDir, name));
      } else {
        for (const name of WEIGHT_FILES) await rename(join(tmp, name), join(cacheDir, name)).catch(() => undefined);
      }
      await rm(tmp, { recursive: true, force: true });
      found = await cachedWeights(cacheDir);
      if (!found) throw new JobFailure(ReasonCode.WeightsInvalid, `version ${cid} holds no adapter or model file`);
    }
    if (found !== ADAPTER) return { weights: join(cacheDir, found) };
    const adapter = join(cacheDir, ADAPTER);
    const base = (await readSafetensorsMetadata(adapter))['modelmint.base_id'];
    if (!base) throw new JobFailure(ReasonCode.WeightsInvalid, 'the adapter names no base model');
    return { base, adapter };
  }

  /** Training's dataset in `dir`: a UnixFS directory, a tar archive, or one .jsonl/.csv file. */
  private async fetchDataset(j: Job, category: CategoryName, dir: string): Promise<string> {
    const datasetCid = toCid(new Uint8Array(j.inputCid));
    const raw = join(dir, 'dataset-raw');
    const kind = await retry(
      () => this.d.ipfs.exportTo(datasetCid, raw, this.cfg.maxDatasetBytes),
      this.fetchOpts('fetch dataset'),
    ).catch((e: unknown) => {
      if (e instanceof ContentTooLarge) throw new JobFailure(ReasonCode.DatasetInvalid, e.message);
      throw e;
    });
    if (kind !== 'file') return raw;
    const bytes = await readFile(raw);
    if (isTar(bytes)) {
      const dataset = join(dir, 'dataset');
      await extractTar(bytes, dataset);
      return dataset;
    }
    if (category !== 'caption') {
      throw new JobFailure(ReasonCode.DatasetInvalid, 'an image dataset must be a directory or a tar archive');
    }
    const text = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
    const dataset = join(dir, text.startsWith('{') ? 'dataset.jsonl' : 'dataset.csv');
    await writeFile(dataset, bytes);
    return dataset;
  }

  /**
   * Pins a training or optimization output directory after checking that the weights
   * file there hashes to what the worker reported (the version's weights hash), with
   * metrics.json stripped of timings and local paths.
   */
  private async pinVersion(job: Address, out: string, file: string, result: JsonObject, log: Logger): Promise<CID> {
    const sha = createHash('sha256')
      .update(await readFile(join(out, file)))
      .digest('hex');
    if (sha !== result.weights_sha256) {
      throw new WorkerError(
        'WEIGHTS_HASH_MISMATCH',
        ReasonCode.WeightsHashMismatch,
        false,
        `${file} hashes to ${sha}, the worker reported ${String(result.weights_sha256)}`,
      );
    }
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as unknown;
    await writeFile(join(out, 'metrics.json'), `${JSON.stringify(stableMetrics(metrics), null, 1)}\n`);
    log.debug('pinning version output', { files: await listFiles(out) });
    return retry(() => this.d.ipfs.addLocalDirectory(out, `version ${job}`), this.fetchOpts('pin weights'));
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
    const req = parseTrainingConfig(category, configBytes, this.cfg.defaultBases);
    if (req.kind === 'optimize') return this.optimize(job, j, category, req, dir, log);
    const dataset = await this.fetchDataset(j, category, dir);
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
    const cid = await this.pinVersion(job, out, ADAPTER, result, log);
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

  /** An optimization job: the current version made smaller or portable (worker `optimize`). */
  private async optimize(
    job: Address,
    j: Job,
    category: CategoryName,
    req: Extract<TrainingRequest, { kind: 'optimize' }>,
    dir: string,
    log: Logger,
  ): Promise<{ cid: CID; workerMs: number; result: JsonObject }> {
    if (isNoneCid(new Uint8Array(j.weightsCid))) {
      throw new JobFailure(ReasonCode.ConfigInvalid, 'an optimization job needs a model version to optimize');
    }
    const source = await this.weights(j, category);
    const dataset = await this.fetchDataset(j, category, dir);
    const out = join(dir, 'out');
    const t = performance.now();
    const result = await this.d.worker.request(
      'optimize',
      {
        category,
        ...(source.weights ? { weights: source.weights } : { base: source.base ?? '', adapter: source.adapter ?? '' }),
        method: req.method,
        ...(req.sparsity === undefined ? {} : { sparsity: req.sparsity }),
        dataset,
        out_dir: out,
        seed: req.seed,
      },
      { timeoutMs: await this.budgetMs(j) },
    );
    const workerMs = performance.now() - t;
    const cid = await this.pinVersion(job, out, basename(String(result.weights)), result, log);
    log.info('optimization done', {
      result: cid.toString(),
      method: req.method,
      weights_sha256: result.weights_sha256,
      size_bytes: [result.size_bytes_before, result.size_bytes_after],
      val_loss: [result.val_loss_before, result.val_loss_after],
      worker_ms: Math.round(workerMs),
    });
    return { cid, workerMs, result };
  }
}

/** A version's weights as the worker takes them: base + adapter, or one optimized model file. */
export interface VersionWeights {
  base?: string;
  adapter?: string;
  weights?: string;
}

const ADAPTER = 'adapter.safetensors';
const OPTIMIZED_SAFETENSORS = 'model.safetensors';
/** The weights file of a version directory, in the order looked for. */
const WEIGHT_FILES = [ADAPTER, OPTIMIZED_SAFETENSORS, 'model.onnx'];

async function cachedWeights(dir: string): Promise<string | undefined> {
  for (const name of WEIGHT_FILES) {
    if (
      await stat(join(dir, name)).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return name;
  }
  return undefined;
}
