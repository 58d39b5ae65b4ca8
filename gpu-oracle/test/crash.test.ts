// SIGKILL and restart, with the oracle as a separate process: the chain
// (LiteSVM) lives in this test behind a JSON-RPC server, the oracle's journal
// and IPFS blocks live on disk. Run 1 is killed mid-training; run 2 resumes,
// retrains, sends submit_result and is killed before it can journal the
// confirmation; run 3 finds the result on-chain and sends nothing. The job is
// delivered exactly once, with the result the journal recorded.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Category, cidToString, fetchJobAccount, JobStatus, requestTraining, settleJob } from '@modelmint/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidBytes, EmbeddedIpfs } from '../src/ipfs.js';
import { parseJournal } from '../src/journal.js';
import {
  captionDataset,
  cleanup,
  type Market,
  newModel,
  REPO_ROOT,
  setupMarket,
  WINDOW,
  warp,
  workerPython,
} from './fixtures.js';
import { SvmRpcServer } from './rpc-server.js';

interface Run {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  lines: string[];
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
}

function startOracle(m: Market, rpcUrl: string, env: Record<string, string> = {}): Run {
  // node --import tsx: one process (the tsx CLI would put a wrapper process between us and the oracle).
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(REPO_ROOT, 'gpu-oracle/src/main.ts'),
      '--url',
      rpcUrl,
      '--keypair',
      m.oracle.authorityFile,
      '--attestation-keypair',
      m.oracle.attestationFile,
      '--ipfs-dir',
      join(m.dir, 'ipfs'),
      '--state-dir',
      join(m.dir, 'state'),
      '--poll-ms',
      '100',
      '--python',
      workerPython(),
      '--once',
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
        MODELMINT_THREADS: '1',
        MODELMINT_LOG_LEVEL: 'debug',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const lines: string[] = [];
  const waiters: { re: RegExp; ok: (l: string) => void }[] = [];
  let buf = '';
  child.stderr?.on('data', (c: Buffer) => {
    buf += c.toString();
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.ok(line);
        }
      }
      nl = buf.indexOf('\n');
    }
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    child.on('exit', (code, signal) => ok({ code, signal })),
  );
  return {
    child,
    exit,
    lines,
    waitFor(re, timeoutMs = 60_000) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((ok, fail) => {
        const t = setTimeout(
          () => fail(new Error(`timed out waiting for ${re}\n${lines.slice(-20).join('\n')}`)),
          timeoutMs,
        );
        waiters.push({
          re,
          ok: (l) => {
            clearTimeout(t);
            ok(l);
          },
        });
        void exit.then(() =>
          setTimeout(() => fail(new Error(`oracle exited before ${re}\n${lines.slice(-20).join('\n')}`)), 50),
        );
      });
    },
  };
}

/** Kills the orphaned worker of a SIGKILLed oracle (its pid is in the "worker ready" log line). */
function killWorker(run: Run): void {
  for (const l of run.lines) {
    if (!l.includes('"worker ready"')) continue;
    const pid = (JSON.parse(l) as { pid?: number }).pid;
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

describe('crash safety (oracle in a child process, SIGKILL)', () => {
  let m: Market;
  let rpc: SvmRpcServer;

  beforeAll(async () => {
    m = await setupMarket();
    rpc = new SvmRpcServer(m.svm);
    await rpc.listen();
  });
  afterAll(async () => {
    rpc?.close();
    await cleanup(m.dir);
  });

  it('resumes after SIGKILL mid-training and after SIGKILL between send and journal; submits exactly once', async () => {
    const { model, creator } = await newModel(m, Category.Caption);
    const ipfs = await EmbeddedIpfs.open(join(m.dir, 'ipfs'));
    const datasetCid = await ipfs.addDirectory([{ path: 'train.jsonl', content: captionDataset(40) }]);
    const configCid = await ipfs.addBytes(
      new TextEncoder().encode(
        JSON.stringify({ base: 'caption-tiny', epochs: 5, batchSize: 8, earlyStoppingPatience: 100 }),
      ),
    );
    await ipfs.close();
    const { job } = await requestTraining(m.chain.sender, {
      owner: creator,
      model,
      datasetCid: cidBytes(datasetCid),
      configCid: cidBytes(configCid),
      fee: 10_000_000n,
    });

    // Run 1: claim, start training, SIGKILL at the first progress event.
    const run1 = startOracle(m, rpc.url);
    await run1.waitFor(/"msg":"progress"/);
    run1.child.kill('SIGKILL');
    expect((await run1.exit).signal).toBe('SIGKILL');
    killWorker(run1);
    let j = await fetchJobAccount(m.chain.sender, job);
    expect(j.status).toBe(JobStatus.Claimed);
    expect(rpc.submitAttempts(job)).toHaveLength(0);

    // Run 2: recovers the claimed job, retrains, submits, dies right after the send.
    const run2 = startOracle(m, rpc.url, { MODELMINT_ORACLE_CRASH_AT: 'sent' });
    await run2.waitFor(/"msg":"recovering jobs"/);
    expect((await run2.exit).signal).toBe('SIGKILL');
    killWorker(run2);
    j = await fetchJobAccount(m.chain.sender, job);
    expect(j.status).toBe(JobStatus.Delivered);
    expect(rpc.submitAttempts(job)).toHaveLength(1);
    let journal = parseJournal(readFileSync(join(m.dir, 'state', 'journal.jsonl'), 'utf8')).filter(
      (l) => l.job === job,
    );
    expect(journal.at(-1)?.ev).toBe('submitting');

    // Run 3: finds its result on-chain, records it, sends nothing.
    const run3 = startOracle(m, rpc.url);
    expect((await run3.exit).code).toBe(0);
    expect(rpc.submitAttempts(job)).toHaveLength(1);
    expect(rpc.submitAttempts(job)[0]?.ok).toBe(true);
    journal = parseJournal(readFileSync(join(m.dir, 'state', 'journal.jsonl'), 'utf8')).filter((l) => l.job === job);
    expect(journal.map((l) => l.ev)).toEqual(['claiming', 'claimed', 'result', 'submitting', 'submitted']);
    const recorded = journal.find((l) => l.ev === 'submitted') as { result: string };
    expect(cidToString(new Uint8Array(j.resultCid))).toBe(recorded.result);

    warp(m.svm, WINDOW + 1n);
    await settleJob(m.chain.sender, { payer: creator, job });
    expect((await fetchJobAccount(m.chain.sender, job)).status).toBe(JobStatus.Settled);
  });
});
