// dataset validate | train
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fetchConfigAccount, fetchJobAccount, fetchModelAccount, requestTraining, settleJob } from '../../actions.js';
import { cidToString, rawCid } from '../../cid.js';
import { JobStatus } from '../../constants.js';
import { isModelmintProgramError } from '../../errors.js';
import {
  addressArg,
  CATEGORIES,
  type Command,
  choice,
  currencyOf,
  JOB_STATUSES,
  nameOf,
  sleep,
  txResult,
} from '../command.js';
import type { Context } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { progressFrom, readSse, waitForJob } from '../follow.js';
import { CHUNK_SIZE, cidOfPath } from '../ipfs.js';
import type { PrintableObject } from '../output.js';
import { type Progress, startProgress } from '../progress.js';
import { isoTime, parseAmount, parseInteger } from '../units.js';
import { isRecord, LocalWorker, type WorkerOptions } from '../worker.js';

/** A dataset problem as the worker reports it. */
export interface DatasetProblem {
  file: string | null;
  line?: number;
  code: string;
  message: string;
}

/** The worker's `validate` answer. */
export type ValidateAnswer =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; code: string; message: string; problems: DatasetProblem[] };

/** Runs the worker's `validate` (gpu-oracle/worker/PROTOCOL.md) in a local worker process. */
export async function validateDataset(
  dataset: string,
  category: string,
  o: WorkerOptions & { timeoutMs?: number } = {},
): Promise<ValidateAnswer> {
  const worker = await LocalWorker.start(o);
  try {
    const answer = await worker.request('validate', { category, dataset: resolve(dataset) }, o.timeoutMs);
    if (answer.ok) return answer;
    const problems = Array.isArray(answer.details.problems)
      ? (answer.details.problems.filter(isRecord) as unknown as DatasetProblem[])
      : [];
    return { ok: false, code: answer.code, message: answer.message, problems };
  } finally {
    await worker.close();
  }
}

function problemText(p: DatasetProblem): string {
  return `${p.file ?? '(dataset)'}${p.line ? `:${p.line}` : ''}: ${p.code}: ${p.message}`;
}

/** What an optimization job can do to a version (the worker's `optimize`). */
const OPTIMIZATIONS = ['int8', 'fp16', 'prune', 'onnx'];

export const WORKER_OPTIONS = {
  python: {
    type: 'string',
    value: 'PATH',
    description: "the worker's Python (default MODELMINT_PYTHON or the setup venv)",
  },
  'worker-dir': { type: 'string', value: 'DIR', description: 'gpu-oracle/worker (default: found beside the SDK)' },
} as const;

async function runValidate(ctx: Context, dataset: string, category: string): Promise<PrintableObject> {
  const answer = await validateDataset(dataset, category, {
    python: ctx.values.str('python'),
    workerDir: ctx.values.str('worker-dir'),
  });
  if (!answer.ok) {
    const message = answer.problems.length
      ? `${answer.problems.length} dataset problem(s) in ${dataset}`
      : answer.message;
    throw new CliError(answer.code === 'DATASET_INVALID' ? 'DatasetInvalid' : answer.code, message, {
      details: { problems: answer.problems.map(problemText), reported: answer.problems.length },
    });
  }
  const r = answer.result;
  return {
    dataset,
    category,
    valid: true,
    kind: typeof r.kind === 'string' ? r.kind : null,
    files: typeof r.files === 'number' ? r.files : null,
    items: typeof r.items === 'number' ? r.items : null,
    datasetSha256: typeof r.dataset_sha256 === 'string' ? r.dataset_sha256 : null,
  };
}

export const trainCommands: Command[] = [
  {
    path: ['dataset', 'validate'],
    args: 'DIR',
    summary: "check a dataset with the worker's validator; every problem is reported",
    options: {
      category: { type: 'string', value: 'caption|style|generate', description: 'the model category (required)' },
      ...WORKER_OPTIONS,
    },
    offline: true,
    async run(ctx, input) {
      const [dir, ...more] = input.positionals;
      if (!dir) throw usageError('DIR is required');
      if (more.length) throw usageError(`unexpected arguments: ${more.join(' ')}`);
      const category = CATEGORIES[choice(input.values.need('category'), CATEGORIES, '--category')] ?? 'caption';
      return runValidate(ctx, dir, category);
    },
  },
  {
    path: ['train'],
    args: 'ADDRESS',
    summary: 'request training (the fee is escrowed for the oracle) and follow it until the version is published',
    options: {
      dataset: { type: 'string', value: 'PATH', description: 'dataset directory or file (required)' },
      config: { type: 'string', value: 'FILE', description: 'training config JSON (default {}: the Standard preset)' },
      optimize: {
        type: 'string',
        value: 'int8|fp16|prune|onnx',
        description: 'optimize the current version instead (the dataset is the validation set); no --config',
      },
      sparsity: { type: 'string', value: 'S', description: 'with --optimize prune: the fraction zeroed (default 0.5)' },
      fee: { type: 'string', value: 'AMOUNT', description: 'training fee in SOL or the payment mint (required)' },
      validate: { type: 'boolean', description: "run the worker's validate first" },
      'no-wait': { type: 'boolean', description: 'only request; do not follow the job' },
      'no-settle': { type: 'boolean', description: 'stop at delivery instead of settling after the dispute window' },
      'indexer-url': { type: 'string', value: 'URL', description: "training progress from the indexer's /stream" },
      timeout: { type: 'string', value: 'SECS', description: 'stop following after this long' },
      ...WORKER_OPTIONS,
    },
    async run(ctx, input) {
      const { values } = input;
      const model = addressArg(input, 'ADDRESS (the model)');
      const dataset = values.need('dataset');
      const datasetStat = await stat(dataset).catch(() => undefined);
      if (!datasetStat) throw new CliError('FileNotFound', `dataset ${dataset} does not exist`);
      const [owner, m] = await Promise.all([ctx.signer(), fetchModelAccount(ctx.sender, model)]);
      const fee = parseAmount(values.need('fee'), currencyOf(m).decimals, '--fee');
      if (values.flag('validate')) {
        const v = await runValidate(ctx, dataset, CATEGORIES[m.category] ?? 'caption');
        ctx.out.info(`dataset valid: ${String(v.items)} items in ${String(v.files)} files`);
      }
      const configPath = values.str('config');
      let configBytes: Uint8Array | undefined;
      if (configPath) {
        configBytes = new Uint8Array(await readFile(configPath));
        try {
          const parsed: unknown = JSON.parse(new TextDecoder().decode(configBytes));
          if (!isRecord(parsed)) throw new Error('not an object');
        } catch (e) {
          throw new CliError('InvalidConfig', `${configPath} must hold a JSON object: ${(e as Error).message}`);
        }
        if (configBytes.length > CHUNK_SIZE) throw new CliError('InvalidConfig', `${configPath} is over 1 MiB`);
      }
      const optimize = values.str('optimize');
      const sparsityText = values.str('sparsity');
      if (optimize !== undefined && configPath) throw usageError('give --config or --optimize, not both');
      if (sparsityText !== undefined && optimize !== 'prune') throw usageError('--sparsity goes with --optimize prune');
      if (optimize !== undefined) {
        if (!OPTIMIZATIONS.includes(optimize)) throw usageError(`--optimize takes ${OPTIMIZATIONS.join(', ')}`);
        if (m.currentVersion === 0) throw new CliError('NoVersion', 'the model has no version to optimize yet');
        const sparsity = sparsityText === undefined ? undefined : Number(sparsityText);
        if (sparsity !== undefined && !(sparsity >= 0.05 && sparsity <= 0.95)) {
          throw usageError('--sparsity must be a number in [0.05, 0.95]');
        }
        configBytes = new TextEncoder().encode(
          JSON.stringify({ optimize, ...(sparsity === undefined ? {} : { sparsity }) }),
        );
      }
      // The program needs a config CID: without --config, `{}` (the worker's Standard preset).
      const config = configBytes ?? new TextEncoder().encode('{}');
      const store = await ctx.store();
      let datasetCid: Uint8Array;
      let configCid: Uint8Array;
      if (store) {
        ctx.out.info(`storing the dataset in ${store.description} ...`);
        datasetCid = await store.addPath(dataset, 'dataset');
        configCid = await store.addBytes(config, 'training-config');
      } else {
        datasetCid = await cidOfPath(dataset);
        configCid = await rawCid(config);
        ctx.out.warn(
          `no --ipfs-dir or --kubo-url: pin the dataset (${cidToString(datasetCid)}) and config (${cidToString(configCid)}) yourself, or the oracle fails the job`,
        );
      }
      const sent = await requestTraining(ctx.sender, {
        owner,
        model,
        datasetCid,
        configCid,
        fee,
        ...ctx.programOptions,
      });
      const job = sent.job;
      const result: PrintableObject = {
        job,
        model,
        datasetCid: cidToString(datasetCid),
        configCid: cidToString(configCid),
        stored: store !== undefined,
        ...txResult(sent),
      };
      if (values.flag('no-wait')) {
        ctx.out.info(`training requested; follow it with \`modelmint job show ${job}\``);
        return { ...result, status: 'open' };
      }
      const timeoutText = values.str('timeout');
      const timeoutMs = timeoutText === undefined ? undefined : parseInteger(timeoutText, '--timeout') * 1000;
      const started = Date.now();
      const abort = new AbortController();
      let bar: Progress | undefined;
      const indexer = values.str('indexer-url');
      if (indexer) {
        readSse(
          `${indexer.replace(/\/$/, '')}/stream?keys=${job}`,
          (msg) => {
            let data: unknown = msg.data;
            try {
              data = JSON.parse(msg.data);
            } catch {}
            const p = progressFrom(data);
            if (!p) return;
            bar ??= startProgress(ctx.out, 'training', p.stepsTotal || p.epochs);
            if (p.stepsTotal) bar.setTotal(p.stepsTotal);
            const loss = (x: number | null) => (x === null ? '-' : x.toFixed(3));
            bar.update(
              p.stepsTotal ? p.step : p.epoch,
              `epoch ${p.epoch}/${p.epochs} loss ${loss(p.trainLoss)} val ${loss(p.valLoss)}${p.etaSecs === null ? '' : ` eta ${Math.round(p.etaSecs)}s`}`,
            );
          },
          abort.signal,
        ).catch((e: unknown) => {
          if (!abort.signal.aborted) ctx.out.warn(`no progress from ${indexer}: ${(e as Error).message}`);
        });
      }
      try {
        let j = await waitForJob(ctx, job, {
          until: (x) => x.status >= JobStatus.Delivered,
          onStatus: (x) => ctx.out.info(`job ${job}: ${nameOf(JOB_STATUSES, x.status)}`),
          timeoutMs,
        });
        bar?.stop();
        result.resultCid = cidToString(Uint8Array.from(j.resultCid));
        if (values.flag('no-settle') && j.status === JobStatus.Delivered) {
          return { ...result, status: 'delivered' };
        }
        const cfg = await fetchConfigAccount(ctx.sender, ctx.programOptions);
        let announced = false;
        while (j.status !== JobStatus.Settled) {
          if (j.status === JobStatus.Refunded) throw new CliError('JobRefunded', `training job ${job} was refunded`);
          if (timeoutMs !== undefined && Date.now() - started > timeoutMs) {
            throw new CliError('Timeout', `gave up waiting for job ${job} (status ${nameOf(JOB_STATUSES, j.status)})`);
          }
          if (j.status === JobStatus.Delivered) {
            const windowEnd = j.deliveredAt + cfg.disputeWindowSecs;
            if ((await ctx.sender.getUnixTime()) >= windowEnd) {
              try {
                await settleJob(ctx.sender, { payer: owner, job, ...ctx.programOptions });
              } catch (e) {
                if (
                  !isModelmintProgramError(e, 'DisputeWindowOpen') &&
                  !isModelmintProgramError(e, 'InvalidJobStatus')
                ) {
                  throw e;
                }
              }
            } else if (!announced) {
              announced = true;
              ctx.out.info(
                `delivered; the dispute window ends ${isoTime(windowEnd)}: waiting to settle (Ctrl-C is safe; \`modelmint settle ${job}\` later)`,
              );
            }
          } else if (j.status === JobStatus.Disputed && !announced) {
            announced = true;
            ctx.out.info('the job is disputed: waiting for the arbiter');
          }
          await sleep(1000);
          j = await fetchJobAccount(ctx.sender, job);
        }
        const after = await fetchModelAccount(ctx.sender, model);
        return {
          ...result,
          status: 'settled',
          version: after.versionCount,
          currentVersion: after.currentVersion,
          weightsCid: result.resultCid,
        };
      } finally {
        bar?.stop();
        abort.abort();
      }
    },
  },
];
