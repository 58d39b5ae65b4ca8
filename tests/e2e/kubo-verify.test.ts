// Processes as `make start` runs them, with a real Kubo daemon (offline, on loopback
// ports of its own) instead of the embedded store: the local chain, the oracle with
// --kubo-url and make start's default bases, and the `modelmint` CLI. A newcomer's first
// `train` with the default config works; a generation's result verifies (`modelmint
// verify` re-runs it on the CPU), also after the creator optimizes the version to int8; an oracle whose registered key signs a wrong output is
// caught, and the printed dispute command disputes the job.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Category,
  claimJob,
  createModel,
  fetchJobAccount,
  fetchModelAccount,
  JobStatus,
  rawCid,
  requestGeneration,
  settleJob,
  submitResult,
} from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KuboDaemon, startKubo } from '../../gpu-oracle/test/kubo-daemon.js';
import { defaultBaseArgs, LOCAL_BASE_SIZE } from '../../scripts/local-stack/bases.js';
import { type Chain, configure, connect, fund, SOL } from '../../scripts/local-stack/chain.js';
import { ensureKeys, loadKeypairFile } from '../../scripts/local-stack/keys.js';
import { Services, waitForHttp } from '../../scripts/local-stack/processes.js';
import { REPO_ROOT } from '../fixtures/svm.js';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? done(a.port) : fail(new Error('no port'))));
    });
  });
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('make start processes with a Kubo daemon: first training, verify, a tampered result', () => {
  const state = { dir: '', services: undefined as Services | undefined, kubo: undefined as KuboDaemon | undefined };
  let chain: Chain;
  let keys: Awaited<ReturnType<typeof ensureKeys>>;
  let rpcUrl: string;
  let wsUrl: string;
  let python: string;

  /** The CLI as a child process, with `keypair` from the demo keys. */
  function cli(args: string[], keypair: string): Promise<Run> {
    const kubo = state.kubo?.url ?? '';
    const argv = ['--import', 'tsx', 'sdk/bin/modelmint.ts', '--url', rpcUrl, '--ws', wsUrl, '--keypair', keypair];
    return new Promise((done) => {
      execFile(
        process.execPath,
        [...argv, '--kubo-url', kubo, '--json', ...args],
        { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 << 20 },
        (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  /** `modelmint train` as the creator on the demo text data, up to delivery. */
  async function train(model: Address, extra: string[]) {
    const dataset = join(state.dir, 'data', 'text');
    const run = await cli(
      ['train', model, '--dataset', dataset, '--fee', '0.01', '--no-settle', ...extra],
      keys.creator,
    );
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { job: Address; status: string; datasetCid: string; resultCid: string };
    expect(out.status).toBe('delivered');
    return out;
  }

  /** The honest oracle, started once its Oracle account exists (it refuses to start without one). */
  function startOracle() {
    if (!state.services || !state.kubo) throw new Error('the stack is not up');
    state.services.start('oracle', 'gpu-oracle/src/main.ts', [
      '--url',
      rpcUrl,
      '--ws',
      wsUrl,
      '--keypair',
      keys.oracle,
      '--attestation-keypair',
      keys.attestation,
      '--kubo-url',
      state.kubo.url,
      '--kubo-timeout-secs',
      '10',
      '--state-dir',
      join(state.dir, 'oracle'),
      '--python',
      python,
      '--poll-ms',
      '500',
      ...defaultBaseArgs(),
    ]);
  }

  beforeAll(async () => {
    state.dir = await mkdtemp(join(tmpdir(), 'modelmint-e2e-kubo-'));
    python = execFileSync('bash', [join(REPO_ROOT, 'scripts/setup-python'), '--print-python'], {
      encoding: 'utf8',
    }).trim();
    // What make start pretrains, and only that: the default config must find its base.
    execFileSync(python, ['-m', 'modelmint_worker.pretrain', '--size', LOCAL_BASE_SIZE], {
      cwd: join(REPO_ROOT, 'gpu-oracle/worker'),
      stdio: 'ignore',
    });
    execFileSync(python, ['-m', 'modelmint_worker.data.demo', '--out', join(state.dir, 'data')], {
      cwd: join(REPO_ROOT, 'gpu-oracle/worker'),
      stdio: 'ignore',
    });
    state.kubo = await startKubo({ offline: true });
    const [rpcPort, wsPort] = [await freePort(), await freePort()];
    rpcUrl = `http://127.0.0.1:${rpcPort}`;
    wsUrl = `ws://127.0.0.1:${wsPort}`;
    const services = new Services(REPO_ROOT, state.dir);
    state.services = services;
    services.start('chain', 'localnet/src/main.ts', ['--rpc-port', String(rpcPort), '--ws-port', String(wsPort)]);
    await waitForHttp(`${rpcUrl}/health`);
    chain = connect(rpcUrl, wsUrl);
    keys = await ensureKeys(join(state.dir, 'keys'));
  }, 240_000);

  afterAll(async () => {
    await state.services?.stopAll();
    await state.kubo?.stop();
  });

  it('trains with the default config, verifies a genuine result and catches a wrong one', async () => {
    const [admin, treasury, oracle, attestation, creator, consumer] = await Promise.all(
      (['admin', 'treasury', 'oracle', 'attestation', 'creator', 'consumer'] as const).map((r) =>
        loadKeypairFile(keys[r]),
      ),
    );
    if (!admin || !treasury || !oracle || !attestation || !creator || !consumer) throw new Error('keys');
    await fund(chain, [admin.address, oracle.address, creator.address, consumer.address]);
    await fund(chain, [treasury.address], SOL);
    await configure(chain, {
      admin,
      treasury: treasury.address,
      oracle: oracle.address,
      attestation: attestation.address,
    });
    startOracle();
    const { model } = await createModel(chain.sender, {
      creator,
      category: Category.Caption,
      pricePerUse: 1_000_000n,
      cardCid: await rawCid(new TextEncoder().encode('{"name":"Kubo captioner"}')),
      name: 'Kubo captioner',
      symbol: 'KUBO',
      uri: 'ipfs://card',
    });

    // A newcomer's first training: no --config, so {} (the Standard preset on the default base).
    const trained = await train(model, []);
    // The dataset went into the daemon: it has the blocks.
    expect(state.kubo?.ipfs(['ls', trained.datasetCid]).toString()).toMatch(/\.jsonl/);
    await chain.advanceClock(86_401);
    await settleJob(chain.sender, { payer: creator, job: trained.job });
    expect((await fetchModelAccount(chain.sender, model)).currentVersion).toBe(1);

    // A paid generation through the CLI, its result read back from Kubo, then verified.
    const out = join(state.dir, 'result.txt');
    const gen = await cli(['generate', model, '--prompt', 'Ahoy', '--seed', '4', '--out', out], keys.consumer);
    expect(gen.code, gen.stderr).toBe(0);
    const genuine = (JSON.parse(gen.stdout) as { job: Address }).job;
    expect((await readFile(out)).length).toBeGreaterThan(0);
    const ok = await cli(['verify', genuine], keys.consumer);
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as {
      verdict: string;
      resultCid: string;
      recomputedCid: string;
      steps: string[];
    };
    expect(report.verdict).toBe('verified');
    expect(report.recomputedCid).toBe(report.resultCid);
    expect(report.steps).toEqual([
      expect.stringMatching(/^job: ok: inference job, delivered, version 1/),
      expect.stringMatching(/^oracle: ok: /),
      expect.stringMatching(/^attestation: ok: Ed25519 signature by the registered key/),
      expect.stringMatching(/^input: ok: /),
      expect.stringMatching(/^rerun: ok: /),
      expect.stringMatching(/^result: ok: the re-run output is the on-chain result/),
    ]);

    // The creator optimizes version 1 to int8 (a training job with an optimize config):
    // version 2 is smaller, and its generations verify too.
    const optimized = await train(model, ['--optimize', 'int8']);
    const metrics = JSON.parse(state.kubo?.ipfs(['cat', `${optimized.resultCid}/metrics.json`]).toString() ?? '{}') as {
      size_bytes_before: number;
      size_bytes_after: number;
    };
    expect(metrics.size_bytes_after).toBeLessThan(metrics.size_bytes_before);
    await chain.advanceClock(86_401);
    await settleJob(chain.sender, { payer: creator, job: optimized.job });
    expect((await fetchModelAccount(chain.sender, model)).currentVersion).toBe(2);
    const gen2 = await cli(
      ['generate', model, '--prompt', 'Ahoy', '--out', join(state.dir, 'result2.txt')],
      keys.consumer,
    );
    expect(gen2.code, gen2.stderr).toBe(0);
    const ok2 = await cli(['verify', (JSON.parse(gen2.stdout) as { job: Address }).job], keys.consumer);
    expect(ok2.code, ok2.stderr).toBe(0);
    expect((JSON.parse(ok2.stdout) as { verdict: string }).verdict).toBe('verified');

    // A second registered oracle whose key signs a wrong output. The honest one stops first.
    await state.services?.stop('oracle');
    const rogueKeys = await ensureKeys(join(state.dir, 'rogue-keys'));
    const [rogue, rogueAttestation] = await Promise.all([
      loadKeypairFile(rogueKeys.oracle),
      loadKeypairFile(rogueKeys.attestation),
    ]);
    if (!rogue || !rogueAttestation) throw new Error('rogue keys');
    await fund(chain, [rogue.address]);
    await configure(chain, {
      admin,
      treasury: treasury.address,
      oracle: rogue.address,
      attestation: rogueAttestation.address,
    });
    const input = new TextEncoder().encode('{"prompt":"Ahoy","seed":4}');
    const inputCid = await rawCid(input);
    state.kubo?.ipfs(['add', '-Q', '--cid-version', '1', '--raw-leaves'], input);
    const { job } = await requestGeneration(chain.sender, { user: consumer, model, inputCid });
    await claimJob(chain.sender, { authority: rogue, job });
    const wrong = new TextEncoder().encode('arr, not what the model says');
    const wrongCid = await rawCid(wrong);
    state.kubo?.ipfs(['add', '-Q', '--cid-version', '1', '--raw-leaves'], wrong);
    await submitResult(chain.sender, {
      authority: rogue,
      attestationSigner: rogueAttestation,
      job,
      resultCid: wrongCid,
    });
    expect((await fetchJobAccount(chain.sender, job)).status).toBe(JobStatus.Delivered);

    const bad = await cli(['verify', job], keys.consumer);
    // (version 2 is the int8 one: the re-run reads model.safetensors)
    expect(bad.code).toBe(1);
    const err = JSON.parse(bad.stdout) as {
      error: { name: string; details: { verdict: string; disputeCommand: string; steps: string[] } };
    };
    expect(err.error.name).toBe('ResultMismatch');
    expect(err.error.details.verdict).toBe('mismatch');
    const steps = err.error.details.steps;
    expect(steps).toContainEqual(expect.stringMatching(/^attestation: ok: /)); // a valid signature, a wrong output
    expect(steps).toContainEqual(expect.stringMatching(/^result: failed: on-chain result \S+, the re-run gives \S+/));
    expect(bad.stderr).toMatch(/the requester \(\w+\) can dispute until/);
    const command = err.error.details.disputeCommand;
    expect(command).toMatch(new RegExp(`^modelmint dispute ${job} --reason "verify: `));

    // The evidence is enough to dispute: run the printed command.
    const reason = /--reason "(.*)"$/.exec(command)?.[1] ?? '';
    const disputed = await cli(['dispute', job, '--reason', reason], keys.consumer);
    expect(disputed.code, disputed.stderr).toBe(0);
    expect((await fetchJobAccount(chain.sender, job)).status).toBe(JobStatus.Disputed);
  }, 600_000);
});
