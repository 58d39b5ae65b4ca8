// The whole loop against the compiled program in LiteSVM: request -> claim ->
// train / infer with the real worker -> pin -> sign -> submit -> settle.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
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
import { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidBytes } from '../src/ipfs.js';
import { verifyProgressBody } from '../src/progress.js';
import {
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

describe('oracle loop on LiteSVM with the real worker', () => {
  let m: Market;
  let r: Rig;
  const progress: string[] = [];
  let indexer: ReturnType<typeof createServer>;

  beforeAll(async () => {
    m = await setupMarket();
    // A stand-in for the indexer's progress endpoint: records the bodies.
    indexer = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (req.url === '/oracle/progress') progress.push(body);
        res.writeHead(204);
        res.end();
      });
    });
    await new Promise<void>((ok) => indexer.listen(0, '127.0.0.1', ok));
    const a = indexer.address();
    const port = typeof a === 'object' && a ? a.port : 0;
    r = await rig(m, { config: { indexerUrl: `http://127.0.0.1:${port}` } });
  });

  afterAll(async () => {
    await r?.close();
    indexer?.close();
    await cleanup(m.dir);
  });

  it('trains a caption model, publishes the version, answers a paid generation and settles 90/10', async () => {
    const { model, creator } = await newModel(m, Category.Caption);
    // Dataset as a UnixFS directory; config as JSON with the tiny base.
    const datasetCid = await r.ipfs.addDirectory([{ path: 'train.jsonl', content: captionDataset(40) }]);
    const configCid = await r.ipfs.addBytes(
      new TextEncoder().encode(
        JSON.stringify({ base: 'caption-tiny', preset: 'Beginner', epochs: 3, batchSize: 8, seed: 1 }),
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
    const trained = await fetchJobAccount(m.chain.sender, trainJob);
    expect(trained.status).toBe(JobStatus.Delivered);
    const weightsCid = cidToString(new Uint8Array(trained.resultCid));
    // The result is the pinned training output: a directory with the adapter.
    const pinned = await r.ipfs.pins();
    expect(pinned).toContain(weightsCid);
    expect((await r.ipfs.stat(CID.parse(weightsCid))).type).toBe('directory');
    // Signed progress reached the indexer stand-in and verifies.
    expect(progress.length).toBeGreaterThan(0);
    const first = await verifyProgressBody(progress[0] as string);
    expect(first?.job).toBe(trainJob);
    expect(first?.oracle).toBe(r.oracle.oracleAddress);

    warp(m.svm, WINDOW + 1n);
    await settleJob(m.chain.sender, { payer: creator, job: trainJob });
    const mdl = await fetchModelAccount(m.chain.sender, model);
    expect(mdl.currentVersion).toBe(1);

    // A paid generation with a JSON request.
    const user = await funded(m.svm);
    const request = { prompt: 'Ahoy 3', max_tokens: 24, temperature: 0.8, seed: 7 };
    const inputCid = await r.ipfs.addBytes(new TextEncoder().encode(JSON.stringify(request)));
    const { job } = await requestGeneration(m.chain.sender, { user, model, inputCid: cidBytes(inputCid) });
    await r.oracle.tick();
    await r.oracle.idle();
    const delivered = await fetchJobAccount(m.chain.sender, job);
    expect(delivered.status).toBe(JobStatus.Delivered);
    const resultCid = CID.decode(new Uint8Array(delivered.resultCid));
    expect(resultCid.code).toBe(0x55); // raw: digest = sha256 of the output bytes
    const output = await r.ipfs.cat(resultCid, 1 << 20);
    expect(Buffer.from(resultCid.multihash.digest).toString('hex')).toBe(
      createHash('sha256').update(output).digest('hex'),
    );
    expect(await r.ipfs.pins()).toContain(resultCid.toString());

    // Anyone can recompute: the same adapter, input and seed give the same bytes.
    const out = await mkdtemp(join(tmpdir(), 'mm-recompute-'));
    const adapter = join(r.stateDir, 'weights', weightsCid, 'adapter.safetensors');
    const again = await r.worker.request('infer', {
      category: 'caption',
      base: 'caption-tiny',
      adapter,
      input: { prompt: request.prompt, max_tokens: request.max_tokens, temperature: request.temperature },
      seed: request.seed,
      out_dir: out,
    });
    expect(Buffer.compare(await readFile(String(again.output)), Buffer.from(output))).toBe(0);
    await cleanup(out);

    warp(m.svm, WINDOW + 1n);
    await settleJob(m.chain.sender, { payer: user, job });
    expect((await fetchJobAccount(m.chain.sender, job)).status).toBe(JobStatus.Settled);
    expect(r.metrics.render()).toMatch(/modelmint_oracle_jobs_total\{kind="inference",outcome="delivered"\} 1/);
  });
});
