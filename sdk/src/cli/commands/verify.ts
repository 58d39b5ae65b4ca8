// verify: check anyone's delivered result (SDK verifyJob), re-running it with the local
// worker on the CPU. How the worker is found: ../worker.ts.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cidFromString, isNoneCid } from '../../cid.js';
import { MAX_IMAGE_BYTES } from '../../job-input.js';
import { type RerunRequest, rpcJobHistory, verifyJob } from '../../verify.js';
import { addressArg, type Command } from '../command.js';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import type { ContentStore } from '../ipfs.js';
import type { PrintableObject } from '../output.js';
import { isoTime } from '../units.js';
import { type Answer, LocalWorker, type WorkerOptions } from '../worker.js';
import { WORKER_OPTIONS } from './train.js';

/** Largest version directory fetched for a re-run, bytes. */
const MAX_WEIGHTS_BYTES = 512 * 1024 * 1024;
/** The weights file of a version directory, in the order looked for. */
const WEIGHT_FILES = ['adapter.safetensors', 'model.safetensors', 'model.onnx'];

/** Runs an inference request in a local worker; pretrains a missing base model once. */
async function infer(worker: LocalWorker, fields: Record<string, unknown>, ctx: Context): Promise<Answer> {
  const first = await worker.request('infer', fields);
  if (first.ok || first.code !== 'BASE_MODEL_MISSING') return first;
  const base = String(first.details.base ?? '');
  ctx.out.info(`base model ${base} is missing here: pretraining it (deterministic; the tiny ones take seconds)`);
  const pre = await worker.request('pretrain', { base }, 3_600_000);
  if (!pre.ok) return pre;
  return worker.request('infer', fields);
}

/** The re-run: the version's weights and the input from the store, the worker on the CPU. */
function rerunner(ctx: Context, store: ContentStore, o: WorkerOptions, scratch: string) {
  return async (r: RerunRequest): Promise<Uint8Array> => {
    const fields: Record<string, unknown> = {
      category: r.category,
      input: { ...r.input.input },
      seed: r.input.seed,
      device: 'cpu',
      out_dir: join(scratch, 'out'),
    };
    if (isNoneCid(r.weightsCid)) {
      throw new CliError('Unverifiable', 'the job ran without a version; the base it used depends on the oracle');
    }
    const dir = join(scratch, 'weights');
    const kind = await store.fetchTo(r.weightsCid, dir, MAX_WEIGHTS_BYTES);
    if (kind === 'file') {
      fields.adapter = dir;
    } else {
      const found = await Promise.all(
        WEIGHT_FILES.map((f) =>
          readFile(join(dir, f)).then(
            () => f,
            () => undefined,
          ),
        ),
      );
      const file = found.find(Boolean);
      if (!file) throw new CliError('Unverifiable', 'the version holds no adapter or model file');
      fields[file === 'adapter.safetensors' ? 'adapter' : 'weights'] = join(dir, file);
    }
    if (r.input.image) {
      const image =
        r.input.image.from === 'self'
          ? r.inputBytes
          : await store.cat(cidFromString(r.input.image.cid), MAX_IMAGE_BYTES);
      const path = join(scratch, 'input-image');
      await writeFile(path, image);
      (fields.input as Record<string, unknown>).image = path;
    }
    const worker = await LocalWorker.start(o);
    try {
      const answer = await infer(worker, fields, ctx);
      if (!answer.ok) throw new CliError(answer.code, answer.message);
      return new Uint8Array(await readFile(String(answer.result.output)));
    } finally {
      await worker.close();
    }
  };
}

export const verifyCommands: Command[] = [
  {
    path: ['verify'],
    args: 'JOB',
    summary: "check a delivered result: the oracle's signature, then a local re-run on the CPU",
    options: {
      ...WORKER_OPTIONS,
      'no-rerun': { type: 'boolean', description: 'check the attestation only' },
    },
    async run(ctx, input) {
      const job = addressArg(input, 'JOB');
      const rerun = !input.values.flag('no-rerun');
      const store = rerun ? await ctx.store() : undefined;
      if (rerun && !store) {
        throw new CliError(
          'UsageError',
          'verify fetches the input and weights: give --ipfs-dir or --kubo-url (or --no-rerun)',
        );
      }
      const scratch = await mkdtemp(join(tmpdir(), 'modelmint-verify-'));
      try {
        const report = await verifyJob(job, {
          sender: ctx.sender,
          history: rpcJobHistory(ctx.rpc),
          ...ctx.programOptions,
          ...(store
            ? {
                fetchFile: (cid: Uint8Array, max: number) => store.cat(cid, max),
                rerun: rerunner(
                  ctx,
                  store,
                  { python: ctx.values.str('python'), workerDir: ctx.values.str('worker-dir') },
                  scratch,
                ),
              }
            : {}),
        });
        for (const s of report.steps)
          ctx.out.info(
            `${s.status === 'ok' ? 'ok  ' : s.status === 'failed' ? 'FAIL' : 'skip'} ${s.step}: ${s.detail}`,
          );
        const out: PrintableObject = {
          job,
          verdict: report.verdict,
          resultCid: report.resultCid ?? null,
          recomputedCid: report.recomputedCid ?? null,
          oracle: report.oracle ?? null,
          submitTransaction: report.submitTransaction ?? null,
          steps: report.steps.map((s) => `${s.step}: ${s.status}: ${s.detail}`),
        };
        if (report.verdict === 'mismatch') {
          const reason = `verify: on-chain result ${report.resultCid}${report.recomputedCid ? `, re-run gives ${report.recomputedCid}` : ''} (submit tx ${report.submitTransaction ?? '?'})`;
          const command = `modelmint dispute ${job} --reason "${reason}"`;
          out.disputeCommand = report.disputable ? command : null;
          ctx.out.warn(
            report.disputable
              ? `the result does not hold; the requester (${report.requester}) can dispute until ${isoTime(report.disputeWindowEnds ?? 0n)}:\n  ${command}`
              : `the result does not hold; the dispute window is ${report.disputeWindowEnds === undefined ? 'not open (the job is no longer delivered)' : 'closed'}`,
          );
          throw new CliError('ResultMismatch', `job ${job}: the result does not verify`, { details: out });
        }
        return out;
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
  },
];
