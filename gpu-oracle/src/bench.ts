// Benchmark of the oracle with the real worker (warm), twice: in-process
// against the compiled program in LiteSVM (one training job on the tiny
// caption base, then inference jobs), and against the local chain over HTTP
// and websocket as `make start` runs it (bench-rpc.ts). Writes
// bench/results/oracle.json and prints it.
//   val_loss_first / val_loss_last   training job's validation loss, first and last epoch
//   deterministic                    two jobs with the same input and seed got the same result CID,
//                                    and a fresh worker recomputed the same bytes
//   overhead_ms_p50                  per inference job, wall time claim -> submit minus the worker's time
//                                    (chain reads and transactions, IPFS fetch/pin, signing), in-process
//   rpc_overhead_ms_p50              the same over HTTP/websocket against localnet (400 ms slots), with
//   rpc_discovery_ms_p50             request confirmed -> the oracle sends its claim (program notification)
//   rpc_claim_ms_p50, rpc_submit_ms_p50   claim / submit transaction sent -> confirmed
//   train_samples_per_sec_cpu        the worker's training throughput on the CPU
//   train_samples_per_sec_gpu        when the worker accepts device 'cuda' (CUDA available)
// Run: PATH=node_modules/.bin:$PATH tsx gpu-oracle/src/bench.ts
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Category, fetchJobAccount, JobStatus, requestGeneration, requestTraining, settleJob } from '@modelmint/sdk';
import { CID } from 'multiformats/cid';
import {
  captionDataset,
  cleanup,
  funded,
  newModel,
  REPO_ROOT,
  rig,
  setupMarket,
  WINDOW,
  warp,
  workerPython,
} from '../test/fixtures.js';
import { rpcOverhead } from './bench-rpc.js';
import { cidBytes } from './ipfs.js';
import { silentLogger } from './log.js';
import { WorkerClient } from './worker.js';

const INFER_JOBS = Number(process.env.BENCH_INFER_JOBS ?? 30);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const m = await setupMarket();
  const worker = new WorkerClient({ log: silentLogger, python: workerPython(), env: { MODELMINT_THREADS: '1' } });
  const r = await rig(m, { worker, config: { pollMs: 10, trainDevice: 'cpu' } });
  try {
    // Training through the oracle.
    const { model, creator } = await newModel(m, Category.Caption);
    const datasetCid = await r.ipfs.addDirectory([{ path: 'train.jsonl', content: captionDataset(64) }]);
    const configCid = await r.ipfs.addBytes(
      new TextEncoder().encode(
        JSON.stringify({ base: 'caption-tiny', epochs: 5, batchSize: 8, earlyStoppingPatience: 100, seed: 0 }),
      ),
    );
    const { job: trainJob } = await requestTraining(m.chain.sender, {
      owner: creator,
      model,
      datasetCid: cidBytes(datasetCid),
      configCid: cidBytes(configCid),
      fee: 10_000_000n,
    });
    await r.oracle.tick();
    await r.oracle.idle();
    const train = r.oracle.outcomes.find((o) => o.job === trainJob);
    if (train?.outcome !== 'delivered' || !train.workerResult) throw new Error(`training failed: ${train?.message}`);
    warp(m.svm, WINDOW + 1n);
    await settleJob(m.chain.sender, { payer: creator, job: trainJob });

    // Inference jobs, one at a time, through the whole loop.
    const user = await funded(m.svm, 1000n * 1_000_000_000n);
    const overhead: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < INFER_JOBS; i++) {
      const seed = i % 5;
      const input = JSON.stringify({ prompt: `Ahoy ${i % 7}`, max_tokens: 32, seed });
      const inputCid = await r.ipfs.addBytes(new TextEncoder().encode(input));
      const { job } = await requestGeneration(m.chain.sender, { user, model, inputCid: cidBytes(inputCid) });
      await r.oracle.tick();
      await r.oracle.idle();
      const o = r.oracle.outcomes.find((x) => x.job === job);
      if (o?.outcome !== 'delivered') throw new Error(`inference failed: ${o?.message}`);
      const j = await fetchJobAccount(m.chain.sender, job);
      if (j.status !== JobStatus.Delivered) throw new Error('not delivered');
      if (i > 0) {
        // The first job also pulls the weights from IPFS into the cache.
        overhead.push(o.totalMs - o.workerMs);
        total.push(o.totalMs);
      }
    }
    // The same request twice: the same result CID.
    const pair: string[] = [];
    for (let k = 0; k < 2; k++) {
      const inputCid = await r.ipfs.addBytes(new TextEncoder().encode(JSON.stringify({ prompt: 'Ahoy 1', seed: 11 })));
      const { job } = await requestGeneration(m.chain.sender, { user, model, inputCid: cidBytes(inputCid) });
      await r.oracle.tick();
      await r.oracle.idle();
      pair.push(CID.decode(new Uint8Array((await fetchJobAccount(m.chain.sender, job)).resultCid)).toString());
    }
    // A fresh worker process recomputes the pair's output.
    const fresh = new WorkerClient({ log: silentLogger, python: workerPython(), env: { MODELMINT_THREADS: '1' } });
    const weightsCid = CID.decode(
      new Uint8Array((await fetchJobAccount(m.chain.sender, trainJob)).resultCid),
    ).toString();
    const out = await mkdtemp(join(tmpdir(), 'mm-bench-'));
    const again = await fresh.request('infer', {
      category: 'caption',
      base: 'caption-tiny',
      adapter: join(r.stateDir, 'weights', weightsCid, 'adapter.safetensors'),
      input: { prompt: 'Ahoy 1' },
      seed: 11,
      out_dir: out,
    });
    const recomputed = await readFile(String(again.output));
    const recomputedDigest = createHash('sha256').update(recomputed).digest('hex');
    const pinnedDigest = Buffer.from(CID.parse(pair[0] as string).multihash.digest).toString('hex');
    await fresh.stop();
    await cleanup(out);

    const w = train.workerResult;
    const figures: Record<string, number | boolean | string | null> = {
      val_loss_first: Number(w.val_loss_first),
      val_loss_last: Number(w.val_loss_last),
      deterministic: pair[0] === pair[1] && recomputedDigest === pinnedDigest,
      overhead_ms_p50: Math.round(percentile(overhead, 50) * 10) / 10,
      overhead_ms_p90: Math.round(percentile(overhead, 90) * 10) / 10,
      job_ms_p50: Math.round(percentile(total, 50) * 10) / 10,
      train_samples_per_sec_cpu: Number(w.train_samples_per_sec),
      inference_jobs: overhead.length,
      train_base: 'caption-tiny',
      train_epochs: Number(w.epochs_run),
      chain: 'litesvm (in-process, compiled program)',
      ipfs: 'embedded (@helia/unixfs + blockstore-fs)',
      worker_device: r.worker.ready?.device ?? null,
      torch: r.worker.ready?.torch ?? null,
      measured_at: new Date().toISOString(),
    };

    // GPU figures when CUDA is there (the worker refuses device 'cuda' otherwise).
    await writeFile(join(r.stateDir, 'bench-gpu-data.jsonl'), captionDataset(64));
    const cuda = await r.worker
      .request('train', {
        category: 'caption',
        base: 'caption-tiny',
        dataset: join(r.stateDir, 'bench-gpu-data.jsonl'),
        out_dir: join(r.stateDir, 'bench-gpu-out'),
        config: { epochs: 3, batchSize: 8 },
        device: 'cuda',
      })
      .catch(() => undefined);
    if (cuda) figures.train_samples_per_sec_gpu = Number(cuda.train_samples_per_sec);

    // The same loop against the local chain over HTTP and websocket.
    Object.assign(figures, await rpcOverhead(worker, INFER_JOBS));
    figures.load_average = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');

    const outDir = resolve(REPO_ROOT, 'bench/results');
    await mkdir(outDir, { recursive: true });
    const text = `${JSON.stringify(figures, null, 2)}\n`;
    await writeFile(join(outDir, 'oracle.json'), text);
    process.stdout.write(text);
  } finally {
    await r.close();
    await worker.stop();
    await cleanup(m.dir);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
