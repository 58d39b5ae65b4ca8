// The chain side of one job: claim it, submit its result, or fail it with a
// reason code. Each announces itself in the journal before it sends and reads
// the job back when a send raises, so a transaction that landed despite an
// error is recognised and nothing is sent twice.
import { claimJob, failJob, isModelmintProgramError, JobKind, JobStatus, submitResult } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { type BackoffOptions, isTransient, retry } from './backoff.js';
import type { Job } from './chain.js';
import { parseCid } from './job-failure.js';
import type { Logger } from './log.js';
import type { JobOutcome, OracleDeps } from './oracle.js';
import { ReasonCode } from './worker.js';

export const STATUS_NAMES = ['open', 'claimed', 'delivered', 'disputed', 'settled', 'refunded'];

type Outcome = Omit<JobOutcome, 'job' | 'totalMs' | 'workerMs'>;

export class JobTransactions {
  constructor(
    private readonly d: OracleDeps,
    private readonly oracle: () => Address,
    private readonly retryOpts: (what: string) => BackoffOptions,
  ) {}

  async readJob(job: Address): Promise<Job | null> {
    return retry(() => this.d.chain.getJob(job), this.retryOpts('read job'));
  }

  async claim(job: Address, j: Job, log: Logger): Promise<Job | null> {
    this.d.journal.append({ ev: 'claiming', job });
    try {
      await retry(() => claimJob(this.d.chain.sender, { authority: this.d.authority, job }), this.retryOpts('claim'));
    } catch (e) {
      const after = await this.readJob(job);
      if (after?.status === JobStatus.Claimed && after.oracle === this.oracle()) {
        // It landed despite the error (e.g. a timeout on confirmation).
      } else {
        const lostRace = isModelmintProgramError(e, 'InvalidJobStatus');
        if (lostRace) this.d.metrics.inc('modelmint_oracle_claims_lost_total');
        this.d.journal.append({ ev: 'lost', job, reason: (e as Error).message.slice(0, 200) });
        (lostRace ? log.info : log.warn)('claim failed', { error: (e as Error).message.split('\n')[0] });
        return null;
      }
    }
    this.d.journal.append({ ev: 'claimed', job, kind: j.kind, deadline: j.deadline.toString() });
    log.info('claimed', { kind: j.kind === JobKind.Training ? 'training' : 'inference', deadline: j.deadline });
    await this.d.hook?.('claimed', job);
    return (await this.readJob(job)) ?? j;
  }

  /** Submits `resultCid` unless the job is no longer waiting for it. Never sends another result. */
  async submit(job: Address, resultCid: string, log: Logger): Promise<Outcome> {
    const cid = parseCid(resultCid);
    const j = await this.readJob(job);
    if (!j) {
      this.d.journal.append({ ev: 'closed', job, status: -1 });
      return { kind: -1, outcome: 'closed', message: 'job account is gone' };
    }
    const settledOurs = () => this.d.journal.append({ ev: 'submitted', job, result: resultCid });
    if (j.status !== JobStatus.Claimed || j.oracle !== this.oracle()) {
      if (j.oracle === this.oracle() && sameBytes(j.resultCid, cid)) {
        settledOurs();
        return { kind: j.kind, outcome: 'delivered', resultCid, message: 'already delivered' };
      }
      this.d.journal.append({ ev: 'closed', job, status: j.status });
      return { kind: j.kind, outcome: 'closed', message: `job is ${STATUS_NAMES[j.status]}` };
    }
    const now = await this.d.chain.now();
    if (now > j.deadline) {
      return this.fail(job, j, ReasonCode.Timeout, 'deadline passed before submission', log);
    }
    this.d.journal.append({ ev: 'submitting', job, result: resultCid });
    await this.d.hook?.('submitting', job);
    try {
      const sent = await retry(
        () =>
          submitResult(this.d.chain.sender, {
            authority: this.d.authority,
            attestationSigner: this.d.attestation,
            job,
            resultCid: cid,
            programAddress: this.d.chain.programAddress,
          }),
        {
          ...this.retryOpts('submit'),
          // A retry after an unconfirmed send is safe: the program accepts one result only.
          isRetryable: (e) => isTransient(e),
        },
      );
      await this.d.hook?.('sent', job);
      this.d.journal.append({ ev: 'submitted', job, result: resultCid, signature: sent.signature });
      log.info('result submitted', { result: resultCid, signature: sent.signature, cu: sent.computeUnits });
      return { kind: j.kind, outcome: 'delivered', resultCid };
    } catch (e) {
      log.warn('submit_result raised', { error: (e as Error).message.split('\n')[0] });
      const after = await this.readJob(job);
      if (after && after.status !== JobStatus.Claimed && sameBytes(after.resultCid, cid)) {
        settledOurs();
        return { kind: j.kind, outcome: 'delivered', resultCid };
      }
      if (isModelmintProgramError(e, 'DeadlinePassed')) {
        return this.fail(job, j, ReasonCode.Timeout, 'deadline passed before submission', log);
      }
      if (after && after.status !== JobStatus.Claimed) {
        this.d.journal.append({ ev: 'closed', job, status: after.status });
        return { kind: j.kind, outcome: 'closed', message: `job is ${STATUS_NAMES[after.status]}` };
      }
      throw e;
    }
  }

  /** Ends a claimed job with fail_job; the requester is refunded in full. */
  async fail(job: Address, j: Job, reasonCode: number, message: string, log: Logger): Promise<Outcome> {
    const now = await this.readJob(job);
    if (!now || now.status !== JobStatus.Claimed || now.oracle !== this.oracle()) {
      this.d.journal.append({ ev: 'closed', job, status: now?.status ?? -1 });
      return { kind: j.kind, outcome: 'closed', message: `job is ${STATUS_NAMES[now?.status ?? 0] ?? 'gone'}` };
    }
    this.d.journal.append({ ev: 'failing', job, reasonCode, message: message.slice(0, 500) });
    try {
      await retry(
        () =>
          failJob(this.d.chain.sender, {
            authority: this.d.authority,
            job,
            reasonCode,
            programAddress: this.d.chain.programAddress,
          }),
        this.retryOpts('fail'),
      );
    } catch (e) {
      const after = await this.readJob(job);
      if (after && after.status !== JobStatus.Claimed) {
        this.d.journal.append({ ev: 'closed', job, status: after.status });
        return { kind: j.kind, outcome: 'closed', message: `job is ${STATUS_NAMES[after.status]}` };
      }
      throw e;
    }
    this.d.journal.append({ ev: 'failed', job, reasonCode });
    log.info('job failed on-chain (refunded)', { reason_code: reasonCode });
    return { kind: j.kind, outcome: 'failed', reasonCode, message };
  }
}

export function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
