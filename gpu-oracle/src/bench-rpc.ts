// The oracle's overhead against the local chain over HTTP and websocket, as `make start` runs
// it: localnet (JSON-RPC + pubsub, 400 ms slots) in this process, the oracle's real loop
// (`Oracle.run`, discovery by program notifications with a poll behind them), the SDK's RPC
// sender (confirmation by signature notification). Per inference job: discovery (request
// confirmed -> the oracle sends its claim), claim (sent -> confirmed), submit (sent -> confirmed),
// and the whole overhead outside the worker.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalnet } from '@modelmint/localnet';
import {
  Category,
  createModel,
  generated,
  requestGeneration,
  requestTraining,
  settleJob,
  type TransactionSender,
} from '@modelmint/sdk';
import { type Address, generateKeyPairSigner, type Instruction } from '@solana/kit';
import { configure, connect, fund } from '../../scripts/local-stack/chain.js';
import { captionDataset, cleanup } from '../test/fixtures.js';
import { type ChainClient, RpcChain } from './chain.js';
import { cidBytes, EmbeddedIpfs } from './ipfs.js';
import { Journal } from './journal.js';
import { silentLogger } from './log.js';
import { Metrics } from './metrics.js';
import { type JobOutcome, Oracle } from './oracle.js';
import type { WorkerClient } from './worker.js';

export interface RpcJobTimes {
  discoveryMs: number;
  claimMs: number;
  submitMs: number;
  overheadMs: number;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length >= b.length && Array.from(b).every((x, i) => a[i] === x);

interface Send {
  what: 'claim' | 'submit';
  accounts: Set<string>;
  start: number;
  end: number;
}

/** The chain client with every claim and submit send timed (start, end), with the accounts it named. */
function timedChain(inner: RpcChain): { chain: ChainClient; sends: Send[] } {
  const sends: Send[] = [];
  const kind = (ix: Instruction): 'claim' | 'submit' | undefined => {
    const data = ix.data ?? new Uint8Array();
    if (same(data, generated.CLAIM_JOB_DISCRIMINATOR)) return 'claim';
    if (same(data, generated.SUBMIT_RESULT_DISCRIMINATOR)) return 'submit';
    return undefined;
  };
  const sender: TransactionSender = {
    ...inner.sender,
    async send(instructions, feePayer) {
      const ix = instructions.find((i) => kind(i));
      const start = performance.now();
      const sent = await inner.sender.send(instructions, feePayer);
      const what = ix && kind(ix);
      if (what)
        sends.push({ what, accounts: new Set(ix.accounts?.map((a) => a.address)), start, end: performance.now() });
      return sent;
    },
  };
  const chain: ChainClient = {
    sender,
    programAddress: inner.programAddress,
    openJobs: (kinds) => inner.openJobs(kinds),
    claimedBy: (oracle) => inner.claimedBy(oracle),
    getJob: (a) => inner.getJob(a),
    getModel: (a) => inner.getModel(a),
    now: () => inner.now(),
    watch: inner.watch,
  };
  return { chain, sends };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Trains one model through the oracle over RPC, then runs `jobs` inference jobs one at a time; medians, ms. */
export async function rpcOverhead(worker: WorkerClient, jobs: number): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'mm-bench-rpc-'));
  const net = await startLocalnet({ rpcPort: 0, wsPort: 0 });
  const client = connect(net.rpcUrl, net.wsUrl);
  const [admin, treasury, authority, attestation, creator, user] = await Promise.all(
    Array.from({ length: 6 }, () => generateKeyPairSigner()),
  );
  if (!admin || !treasury || !authority || !attestation || !creator || !user) throw new Error('keys');
  await fund(
    client,
    [admin, authority, creator, user].map((k) => k.address),
    500n * 1_000_000_000n,
  );
  await configure(client, {
    admin,
    treasury: treasury.address,
    oracle: authority.address,
    attestation: attestation.address,
  });
  const rpcChain = new RpcChain(net.rpcUrl, { wsUrl: net.wsUrl });
  const { chain, sends } = timedChain(rpcChain);
  const ipfs = await EmbeddedIpfs.open(join(dir, 'ipfs'));
  const journal = new Journal(join(dir, 'state'));
  const oracle = new Oracle({
    chain,
    ipfs,
    worker,
    journal,
    authority,
    attestation,
    log: silentLogger,
    metrics: new Metrics(),
    config: { workDir: join(dir, 'state'), trainDevice: 'cpu' },
  });
  const waiting = new Map<string, (o: JobOutcome) => void>();
  oracle.onOutcome = (o) => waiting.get(o.job)?.(o);
  const outcome = (job: Address) => new Promise<JobOutcome>((resolve) => waiting.set(job, resolve));
  await oracle.init();
  const loop = oracle.run();
  try {
    const { model } = await createModel(client.sender, {
      creator,
      category: Category.Caption,
      pricePerUse: 1_000_000n,
      cardCid: cidBytes(await ipfs.addBytes(new TextEncoder().encode('{"name":"bench"}'))),
      name: 'Bench model',
      symbol: 'BENCH',
      uri: 'ipfs://bench',
    });
    const dataset = await ipfs.addDirectory([{ path: 'train.jsonl', content: captionDataset(64) }]);
    const config = await ipfs.addBytes(
      new TextEncoder().encode(JSON.stringify({ base: 'caption-tiny', epochs: 2, batchSize: 8, seed: 0 })),
    );
    const training = await requestTraining(client.sender, {
      owner: creator,
      model,
      datasetCid: cidBytes(dataset),
      configCid: cidBytes(config),
      fee: 10_000_000n,
    });
    const trained = await outcome(training.job);
    if (trained.outcome !== 'delivered') throw new Error(`training over RPC failed: ${trained.message}`);
    await client.advanceClock(86_401);
    await settleJob(client.sender, { payer: creator, job: training.job });

    const times: RpcJobTimes[] = [];
    for (let i = 0; i < jobs + 1; i++) {
      const input = await ipfs.addBytes(new TextEncoder().encode(JSON.stringify({ prompt: `Ahoy ${i % 7}`, seed: i })));
      const request = await requestGeneration(client.sender, { user, model, inputCid: cidBytes(input) });
      const confirmed = performance.now();
      const done = await outcome(request.job);
      if (done.outcome !== 'delivered') throw new Error(`inference over RPC failed: ${done.message}`);
      const of = (what: Send['what']) => sends.find((s) => s.what === what && s.accounts.has(request.job));
      const claim = of('claim');
      const submit = of('submit');
      // The first job also pulls the weights from IPFS into the cache.
      if (i === 0 || !claim || !submit) continue;
      times.push({
        discoveryMs: claim.start - confirmed,
        claimMs: claim.end - claim.start,
        submitMs: submit.end - submit.start,
        overheadMs: done.totalMs - done.workerMs,
      });
    }
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      rpc_jobs: times.length,
      rpc_discovery_ms_p50: round(median(times.map((t) => t.discoveryMs))),
      rpc_claim_ms_p50: round(median(times.map((t) => t.claimMs))),
      rpc_submit_ms_p50: round(median(times.map((t) => t.submitMs))),
      rpc_overhead_ms_p50: round(median(times.map((t) => t.overheadMs))),
      rpc_slot_ms: 400,
    };
  } finally {
    await oracle.stop();
    await loop;
    journal.close();
    await ipfs.close();
    await net.close();
    await cleanup(dir);
  }
}
