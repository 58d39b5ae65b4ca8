// The oracle's loop against a real Kubo daemon (scripts/setup-kubo): content the
// creator and the consumer add with the `ipfs` command is fetched by CID, training and
// inference results are added and pinned there, and their CIDs follow the same rule as
// the embedded store's. A second daemon, online with no peers, never answers for an
// unknown CID: the stall limit fails that job (CONTENT_UNAVAILABLE) instead of hanging.
import { createHash } from 'node:crypto';
import {
  Category,
  cidToString,
  fetchJobAccount,
  fetchModelAccount,
  JobStatus,
  rawCid,
  requestGeneration,
  requestTraining,
  settleJob,
} from '@modelmint/sdk';
import { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidBytes, KuboIpfs } from '../src/ipfs.js';
import { ReasonCode } from '../src/worker.js';
import {
  balance,
  captionDataset,
  cleanup,
  fakeVersion,
  funded,
  type Market,
  newModel,
  type Rig,
  rig,
  setupMarket,
  WINDOW,
  warp,
} from './fixtures.js';
import { type KuboDaemon, startKubo } from './kubo-daemon.js';

/** `ipfs add` with the project's CID options; returns the 36-byte CID. */
function kuboAdd(k: KuboDaemon, bytes: Uint8Array, name: string): Uint8Array {
  const out = k.ipfs(
    ['add', '-Q', '--cid-version', '1', '--raw-leaves', '--chunker', 'size-1048576', '--stdin-name', name],
    bytes,
  );
  return cidBytes(CID.parse(out.toString().trim()));
}

/** A market, a Kubo daemon and the oracle's rig on it, for one describe block. */
function kuboRig(o: { offline: boolean; stallMs?: number }) {
  const s = {} as { m: Market; kubo: KuboDaemon; r: Rig<KuboIpfs> };
  beforeAll(async () => {
    s.m = await setupMarket();
    s.kubo = await startKubo({ offline: o.offline });
    s.r = await rig(s.m, { store: await KuboIpfs.connect(s.kubo.url, { stallMs: o.stallMs }) });
  }, 120_000);
  afterAll(async () => {
    await s.r?.close();
    await s.kubo?.stop();
    if (s.m) await cleanup(s.m.dir);
  });
  return s;
}

describe('oracle loop with a Kubo daemon (offline)', () => {
  const s = kuboRig({ offline: true });

  it('fetches what `ipfs add` stored, trains, pins the version in Kubo and answers a paid generation', async () => {
    const { m, r, kubo } = s;
    const { model, creator } = await newModel(m, Category.Caption);
    const dataset = captionDataset(40);
    const datasetCid = kuboAdd(kubo, dataset, 'train.jsonl');
    // The CID rule: a file of at most 1 MiB is one raw block, the same CID the SDK computes.
    expect(cidToString(datasetCid)).toBe(cidToString(await rawCid(dataset)));
    const configCid = kuboAdd(
      kubo,
      new TextEncoder().encode(JSON.stringify({ base: 'caption-tiny', preset: 'Beginner', epochs: 2, seed: 1 })),
      'config.json',
    );
    const { job: trainJob } = await requestTraining(m.chain.sender, {
      owner: creator,
      model,
      datasetCid,
      configCid,
      fee: 10_000_000n,
    });
    await r.oracle.tick();
    await r.oracle.idle();
    const trained = await fetchJobAccount(m.chain.sender, trainJob);
    expect(trained.status).toBe(JobStatus.Delivered);
    const weights = cidToString(new Uint8Array(trained.resultCid));
    // Pinned in the daemon, a directory holding the adapter.
    expect(kubo.ipfs(['pin', 'ls', '--type', 'recursive', weights]).toString()).toContain(weights);
    expect(kubo.ipfs(['ls', weights]).toString()).toMatch(/adapter\.safetensors/);

    warp(m.svm, WINDOW + 1n);
    await settleJob(m.chain.sender, { payer: creator, job: trainJob });
    expect((await fetchModelAccount(m.chain.sender, model)).currentVersion).toBe(1);

    const user = await funded(m.svm);
    const input = kuboAdd(kubo, new TextEncoder().encode('{"prompt":"Ahoy","max_tokens":16,"seed":3}'), 'in.json');
    const { job } = await requestGeneration(m.chain.sender, { user, model, inputCid: input });
    await r.oracle.tick();
    await r.oracle.idle();
    const delivered = await fetchJobAccount(m.chain.sender, job);
    expect(delivered.status).toBe(JobStatus.Delivered);
    const result = CID.decode(new Uint8Array(delivered.resultCid));
    const bytes = kubo.ipfs(['cat', result.toString()]);
    expect(bytes.length).toBeGreaterThan(0);
    expect(Buffer.from(result.multihash.digest).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(kubo.ipfs(['pin', 'ls', '--type', 'recursive', result.toString()]).toString()).toContain(result.toString());
  });

  it('fails a job whose input is not in the offline daemon with CONTENT_UNAVAILABLE and refunds it', async () => {
    const { m, r } = s;
    const { model, creator } = await newModel(m, Category.Caption);
    await fakeVersion(m, model, creator);
    const user = await funded(m.svm);
    const before = balance(m.svm, user.address);
    const missing = await rawCid(new TextEncoder().encode('never added anywhere'));
    const { job } = await requestGeneration(m.chain.sender, { user, model, inputCid: missing });
    await r.oracle.tick();
    await r.oracle.idle();
    expect((await fetchJobAccount(m.chain.sender, job)).status).toBe(JobStatus.Refunded);
    const outcome = r.oracle.outcomes.find((o) => o.job === job);
    expect(outcome?.reasonCode).toBe(ReasonCode.ContentUnavailable);
    expect(balance(m.svm, user.address)).toBeLessThan(before); // fees only: the price came back
  });
});

describe('a Kubo daemon that never answers for a CID (online, no peers)', () => {
  const s = kuboRig({ offline: false, stallMs: 800 });

  it('gives up on the stalled fetch and fails the job instead of blocking', async () => {
    const { m, r } = s;
    // Without the limit the daemon's `files/stat` waits for providers forever (checked by hand
    // with curl): this test would then hit its own timeout instead of passing.
    const { model, creator } = await newModel(m, Category.Caption);
    await fakeVersion(m, model, creator);
    const user = await funded(m.svm);
    const missing = await rawCid(new TextEncoder().encode('nobody provides this'));
    const { job } = await requestGeneration(m.chain.sender, { user, model, inputCid: missing });
    await r.oracle.tick();
    await r.oracle.idle();
    expect((await fetchJobAccount(m.chain.sender, job)).status).toBe(JobStatus.Refunded);
    const outcome = r.oracle.outcomes.find((o) => o.job === job);
    expect(outcome?.reasonCode).toBe(ReasonCode.ContentUnavailable);
    expect(outcome?.message).toMatch(/no progress in 800 ms/);
  });

  it('aborts a call in flight when the store is closed', async () => {
    const { kubo } = s;
    const store = await KuboIpfs.connect(kubo.url, { stallMs: 60_000 });
    const pending = store.cat(CID.decode(await rawCid(new TextEncoder().encode('also missing'))), 1024);
    await new Promise((done) => setTimeout(done, 200));
    await store.close();
    await expect(pending).rejects.toThrow(/closed/);
  });
});
