// The job loop: discover open jobs this oracle can serve, claim (first claim
// wins), fetch inputs and weights from IPFS, run the worker, pin outputs,
// sign and submit the result CID, or fail the job with a reason code. Every
// step that changes the chain is announced in the journal first, so a
// restarted oracle resumes or fails what it had claimed and never submits a
// second, different result.
import { Capability, findOracleAddress, generated, JobKind, JobStatus } from '@modelmint/sdk';
import type { Address, KeyPairSigner } from '@solana/kit';
import type { CID } from 'multiformats/cid';
import { retry } from './backoff.js';
import type { ChainClient } from './chain.js';
import { Compute } from './compute.js';
import { type CategoryName, DEFAULT_BASE } from './inputs.js';
import { type ContentStore, ContentTooLarge, ContentUnavailable } from './ipfs.js';
import { JobFailure, parseCid } from './job-failure.js';
import { JobTransactions, STATUS_NAMES, sameBytes } from './job-transactions.js';
import type { JobRecord, Journal } from './journal.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import { type JsonObject, ReasonCode, type WorkerClient, WorkerError } from './worker.js';

const { getOracleDecoder } = generated;

export interface OracleConfig {
  /** Jobs claimed at once (default 2). */
  maxConcurrent: number;
  /** Scan interval when no websocket notification arrives, ms (default 2000). */
  pollMs: number;
  /** Per-job limit on the worker's time, ms, by kind. */
  jobTimeoutMs: { inference: number; training: number };
  /** Do not claim a job with less time than this left before its deadline, seconds. */
  minRemainingSecs: { inference: number; training: number };
  /** Time kept back before the deadline for submitting or failing, seconds. */
  submitMarginSecs: number;
  /** Largest dataset, bytes. */
  maxDatasetBytes: number;
  /** Largest weights directory, bytes. */
  maxWeightsBytes: number;
  /** Where jobs' scratch files and the weights cache live. */
  workDir: string;
  /** Indexer base URL for progress reports (none: not sent). */
  indexerUrl?: string;
  /** Worker device for training (`auto`) and inference (`cpu`, the reference). */
  trainDevice: string;
  inferDevice: string;
  /** Attempts of a job whose worker failure is retryable (crash, OOM). */
  jobAttempts: number;
  /** Keep jobs' scratch dirs (debugging). */
  keepWork: boolean;
  /** Base model per category for training configs that name none (`--default-base`). */
  defaultBases: Record<CategoryName, string>;
}

export const DEFAULT_CONFIG: Omit<OracleConfig, 'workDir'> = {
  maxConcurrent: 2,
  pollMs: 2_000,
  jobTimeoutMs: { inference: 120_000, training: 6 * 3600_000 },
  minRemainingSecs: { inference: 15, training: 120 },
  submitMarginSecs: 5,
  maxDatasetBytes: 2 * 1024 ** 3,
  maxWeightsBytes: 512 * 1024 ** 2,
  trainDevice: 'auto',
  inferDevice: 'cpu',
  jobAttempts: 2,
  keepWork: false,
  defaultBases: DEFAULT_BASE,
};

export interface OracleDeps {
  chain: ChainClient;
  ipfs: ContentStore;
  worker: WorkerClient;
  journal: Journal;
  authority: KeyPairSigner;
  attestation: KeyPairSigner;
  log: Logger;
  metrics: Metrics;
  config: Partial<OracleConfig> & { workDir: string };
  /** Test hook: called at named points of a job (e.g. to crash there). */
  hook?: (point: string, job: string) => Promise<void> | void;
}

/** How one job ended. */
export interface JobOutcome {
  job: string;
  kind: number;
  outcome: 'delivered' | 'failed' | 'lost' | 'skipped' | 'closed';
  resultCid?: string;
  reasonCode?: number;
  message?: string;
  totalMs: number;
  workerMs: number;
  /** The worker's result object (training: losses, throughput). */
  workerResult?: JsonObject;
}

export class Oracle {
  readonly cfg: OracleConfig;
  private oraclePda: Address | undefined;
  private capabilities = 0;
  private inFlight = new Map<string, Promise<JobOutcome>>();
  /** Jobs not to look at again (lost claims, finished). */
  private skip = new Set<string>();
  private stopping = false;
  private wake: (() => void) | undefined;
  private readonly log: Logger;
  /** Every finished job, for tests and the benchmark. */
  readonly outcomes: JobOutcome[] = [];
  onOutcome: ((o: JobOutcome) => void) | undefined;

  private readonly work: Compute;
  private readonly tx: JobTransactions;

  constructor(private readonly d: OracleDeps) {
    this.cfg = { ...DEFAULT_CONFIG, ...d.config };
    this.log = d.log;
    this.work = new Compute(
      d,
      this.cfg,
      () => this.oracleAddress,
      (what) => this.retryOpts(what),
    );
    this.tx = new JobTransactions(
      d,
      () => this.oracleAddress,
      (what) => this.retryOpts(what),
    );
  }

  /** Reads this oracle's account; checks it is active and that the attestation key matches. */
  async init(): Promise<void> {
    const [pda] = await findOracleAddress({
      authority: this.d.authority.address,
      programAddress: this.d.chain.programAddress,
    });
    this.oraclePda = pda;
    const data = await retry(() => this.d.chain.sender.getAccountData(pda), this.retryOpts('read oracle'));
    if (!data) throw new Error(`no Oracle account for authority ${this.d.authority.address} (register_oracle first)`);
    const o = getOracleDecoder().decode(data);
    if (o.attestationKey !== this.d.attestation.address) {
      throw new Error(
        `the attestation keypair (${this.d.attestation.address}) is not the one registered for this oracle (${o.attestationKey})`,
      );
    }
    if (!o.active) this.log.warn('this oracle is not active: claims will fail until an admin activates it');
    this.capabilities = o.capabilities;
    this.log.info('oracle ready', {
      oracle: pda,
      authority: this.d.authority.address,
      attestation_key: this.d.attestation.address,
      capabilities: o.capabilities,
    });
  }

  get oracleAddress(): Address {
    if (!this.oraclePda) throw new Error('init() first');
    return this.oraclePda;
  }

  private kinds(): number[] {
    const k: number[] = [];
    if (this.capabilities & Capability.Infer) k.push(JobKind.Inference);
    if (this.capabilities & Capability.Train) k.push(JobKind.Training);
    return k;
  }

  private retryOpts(what: string) {
    return {
      attempts: 5,
      baseMs: 200,
      maxMs: 5_000,
      onRetry: (e: unknown, attempt: number, delay: number) => {
        this.d.metrics.inc('modelmint_oracle_retries_total', { op: what });
        this.log.warn('transient error, retrying', { op: what, attempt, delay_ms: delay, error: (e as Error).message });
      },
    };
  }

  /**
   * Resumes or fails every job this oracle had claimed: those the journal
   * lists as unfinished, and those the chain shows claimed by this oracle.
   */
  async recover(): Promise<void> {
    const fromJournal = this.d.journal.unfinished().map((r) => r.job);
    const onChain = (await retry(() => this.d.chain.claimedBy(this.oracleAddress), this.retryOpts('scan claimed'))).map(
      (j) => j.address as string,
    );
    const all = [...new Set([...fromJournal, ...onChain])];
    if (all.length) this.log.info('recovering jobs', { jobs: all });
    for (const job of all) {
      if (this.inFlight.has(job)) continue;
      this.start(job as Address, true);
    }
  }

  /** One discovery pass: claims as many serveable open jobs as there are free slots. */
  async tick(): Promise<void> {
    const kinds = this.kinds();
    if (!kinds.length) return;
    const open = await retry(() => this.d.chain.openJobs(kinds), this.retryOpts('scan open'));
    const now = await retry(() => this.d.chain.now(), this.retryOpts('clock'));
    const candidates = open
      .filter((j) => !this.skip.has(j.address) && !this.inFlight.has(j.address))
      .filter((j) => j.job.deadline - now >= BigInt(this.minRemaining(j.job.kind)))
      .sort((a, b) => (a.job.deadline < b.job.deadline ? -1 : a.job.deadline > b.job.deadline ? 1 : 0));
    this.d.metrics.set('modelmint_oracle_queue_depth', candidates.length);
    for (const c of candidates) {
      if (this.stopping || this.inFlight.size >= this.cfg.maxConcurrent) break;
      this.start(c.address, false);
    }
  }

  private minRemaining(kind: number): number {
    return kind === JobKind.Training ? this.cfg.minRemainingSecs.training : this.cfg.minRemainingSecs.inference;
  }

  private start(job: Address, resume: boolean): void {
    const p = this.runJob(job, resume)
      .catch((e: unknown): JobOutcome => {
        this.log.error('job handling failed', { job, error: (e as Error).message, stack: (e as Error).stack });
        return { job, kind: -1, outcome: 'skipped', message: (e as Error).message, totalMs: 0, workerMs: 0 };
      })
      .then((o) => {
        this.inFlight.delete(job);
        this.d.metrics.set('modelmint_oracle_jobs_in_flight', this.inFlight.size);
        if (o.outcome !== 'skipped') this.skip.add(job);
        this.outcomes.push(o);
        this.onOutcome?.(o);
        this.wake?.();
        return o;
      });
    this.inFlight.set(job, p);
    this.d.metrics.set('modelmint_oracle_jobs_in_flight', this.inFlight.size);
  }

  /** Runs until `stop()`: recovers, then scans every `pollMs` or on a notification. */
  async run(): Promise<void> {
    await this.recover();
    const unwatch = this.d.chain.watch?.(() => this.wake?.());
    try {
      while (!this.stopping) {
        try {
          await this.tick();
        } catch (e) {
          this.log.warn('scan failed', { error: (e as Error).message });
        }
        await new Promise<void>((r) => {
          const t = setTimeout(r, this.cfg.pollMs);
          this.wake = () => {
            clearTimeout(t);
            r();
          };
        });
        this.wake = undefined;
      }
    } finally {
      unwatch?.();
    }
  }

  /** Stops claiming; waits for jobs in flight unless `abandon`. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Waits until no job is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight.values()]);
  }

  // ---- one job -------------------------------------------------------------------------------

  private async runJob(job: Address, resume: boolean): Promise<JobOutcome> {
    const t0 = performance.now();
    let workerMs = 0;
    const log = this.log.child({ job });
    const done = (o: Omit<JobOutcome, 'job' | 'totalMs' | 'workerMs'>): JobOutcome => {
      const totalMs = performance.now() - t0;
      const out: JobOutcome = { job, totalMs, workerMs, ...o };
      const kindName = o.kind === JobKind.Training ? 'training' : 'inference';
      if (o.outcome !== 'skipped') {
        this.d.metrics.inc('modelmint_oracle_jobs_total', { kind: kindName, outcome: o.outcome });
      }
      if (o.outcome === 'delivered' || o.outcome === 'failed') {
        this.d.metrics.observe('modelmint_oracle_job_duration_seconds', totalMs / 1000, { kind: kindName });
        this.d.metrics.observe('modelmint_oracle_job_overhead_seconds', (totalMs - workerMs) / 1000, {
          kind: kindName,
        });
      }
      log.info('job finished', { ...o, total_ms: Math.round(totalMs), worker_ms: Math.round(workerMs) });
      return out;
    };

    let j = await this.tx.readJob(job);
    const rec: JobRecord | undefined = this.d.journal.get(job);
    if (!j) {
      if (rec) this.d.journal.append({ ev: 'closed', job, status: -1 });
      return done({ kind: rec?.kind ?? -1, outcome: 'closed', message: 'job account is gone' });
    }
    const mine = j.oracle === this.oracleAddress;

    // A job we may already have answered: never submit anything but the recorded result.
    if (j.status !== JobStatus.Open && j.status !== JobStatus.Claimed) {
      if (rec?.result && mine && sameBytes(j.resultCid, parseCid(rec.result))) {
        // Our submission landed before the crash: record it, send nothing.
        this.d.journal.append({ ev: 'submitted', job, result: rec.result });
        return done({ kind: j.kind, outcome: 'delivered', resultCid: rec.result, message: 'already delivered' });
      }
      if (rec) this.d.journal.append({ ev: 'closed', job, status: j.status });
      return done({ kind: j.kind, outcome: 'closed', message: `job is ${STATUS_NAMES[j.status]}` });
    }
    if (j.status === JobStatus.Claimed && !mine) {
      if (rec) this.d.journal.append({ ev: 'lost', job, reason: 'claimed by another oracle' });
      return done({ kind: j.kind, outcome: 'lost' });
    }
    if (j.status === JobStatus.Open) {
      if (resume && rec?.last === 'claiming') {
        // The claim never landed; the job is free again and the scan will find it.
        this.d.journal.append({ ev: 'lost', job, reason: 'claim did not land before the restart' });
        return done({ kind: j.kind, outcome: 'skipped' });
      }
      const claimed = await this.tx.claim(job, j, log);
      if (!claimed) return done({ kind: j.kind, outcome: 'lost' });
      j = claimed;
    } else if (!rec || rec.last === 'claiming') {
      // Claimed by us, but the journal lacks the confirmation (crash right after the claim).
      this.d.journal.append({ ev: 'claimed', job, kind: j.kind, deadline: j.deadline.toString() });
    }

    const record = this.d.journal.get(job);
    // Resume points, most advanced first.
    if (record?.last === 'failing' && record.reasonCode !== undefined) {
      return done(await this.tx.fail(job, j, record.reasonCode, record.message ?? 'resumed', log));
    }
    if (record?.result) {
      log.info('resuming: submitting the recorded result', { result: record.result });
      return done(await this.tx.submit(job, record.result, log));
    }
    if (resume) {
      const now = await this.d.chain.now();
      if (j.deadline - now < BigInt(this.minRemaining(j.kind))) {
        return done(
          await this.tx.fail(
            job,
            j,
            ReasonCode.OracleRestarted,
            'oracle restarted; too little time left to rerun',
            log,
          ),
        );
      }
      log.info('resuming: running the job again');
    }

    // Compute, with bounded retries for retryable worker failures.
    let result: CID | undefined;
    let workerResult: JsonObject | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.work.run(job, j, log);
        workerMs += r.workerMs;
        result = r.cid;
        workerResult = r.result;
        break;
      } catch (e) {
        if (e instanceof WorkerError && e.retryable && e.code !== 'TIMEOUT' && attempt < this.cfg.jobAttempts) {
          log.warn('retryable worker failure; running the job again', { code: e.code, attempt });
          continue;
        }
        const { reasonCode, message } = classify(e);
        log.warn('job failed', { reason_code: reasonCode, error: message });
        return done(await this.tx.fail(job, j, reasonCode, message, log));
      }
    }
    const resultStr = result.toString();
    this.d.journal.append({ ev: 'result', job, result: resultStr });
    await this.d.hook?.('result-pinned', job);
    return done({ ...(await this.tx.submit(job, resultStr, log)), workerResult });
  }
}

/** The reason code and message a failure ends a job with. */
export function classify(e: unknown): { reasonCode: number; message: string } {
  if (e instanceof JobFailure) return { reasonCode: e.reasonCode, message: e.message };
  if (e instanceof WorkerError) return { reasonCode: e.reasonCode, message: e.message };
  if (e instanceof ContentTooLarge) return { reasonCode: ReasonCode.InputInvalid, message: e.message };
  if (e instanceof ContentUnavailable) return { reasonCode: ReasonCode.ContentUnavailable, message: e.message };
  return { reasonCode: ReasonCode.Internal, message: (e as Error)?.message ?? String(e) };
}
