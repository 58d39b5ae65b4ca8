// Following a job on-chain (polling its account), and training progress from
// the indexer's server-sent events.
import type { Address } from '@solana/kit';
import { fetchJobAccount } from '../actions.js';
import { JobStatus } from '../constants.js';
import { getJobDecoder, type Job } from '../generated/accounts/index.js';
import { JOB_STATUSES, nameOf, sleep } from './command.js';
import type { Context } from './context.js';
import { CliError } from './errors.js';

export interface WaitOptions {
  /** Stop when this holds. */
  until(job: Job): boolean;
  /** Called on every status change (and once at the start). */
  onStatus?(job: Job): void;
  pollMs?: number;
  /** Give up after this many ms (default: never; the job's deadline still applies). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Polls `job` until `until` holds; fails when the job is refunded, closed, or undelivered past its deadline. */
export async function waitForJob(ctx: Context, job: Address, o: WaitOptions): Promise<Job> {
  const pollMs = o.pollMs ?? 500;
  const end = o.timeoutMs ? Date.now() + o.timeoutMs : Number.POSITIVE_INFINITY;
  let last = -1;
  let polls = 0;
  for (;;) {
    const data = await ctx.sender.getAccountData(job);
    if (!data) throw new CliError('JobNotFound', `job ${job} does not exist (closed?)`);
    const j = getJobDecoder().decode(data);
    if (j.status !== last) {
      last = j.status;
      o.onStatus?.(j);
    }
    if (o.until(j)) return j;
    if (j.status === JobStatus.Refunded) {
      throw new CliError('JobRefunded', `job ${job} failed or expired and was refunded`);
    }
    if ((j.status === JobStatus.Open || j.status === JobStatus.Claimed) && polls % 10 === 0) {
      const now = await ctx.sender.getUnixTime();
      if (now > j.deadline) {
        throw new CliError(
          'DeadlinePassed',
          `job ${job} was not delivered before its deadline; \`modelmint refund ${job}\` returns the payment`,
        );
      }
    }
    if (Date.now() > end) {
      throw new CliError('Timeout', `gave up waiting for job ${job} (status ${nameOf(JOB_STATUSES, j.status)})`);
    }
    if (o.signal?.aborted) throw new CliError('Aborted', 'stopped');
    polls++;
    await sleep(pollMs);
  }
}

/** A job, re-read. */
export function readJob(ctx: Context, job: Address): Promise<Job> {
  return fetchJobAccount(ctx.sender, job);
}

/** One training progress report (the worker's fields, as the oracle signs them). */
export interface TrainingProgress {
  epoch: number;
  epochs: number;
  step: number;
  stepsTotal: number;
  trainLoss: number | null;
  valLoss: number | null;
  etaSecs: number | null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Finds a progress report inside an SSE message's data (plain, `{event}`, or a signed `{payload}`). */
export function progressFrom(data: unknown, depth = 0): TrainingProgress | undefined {
  if (depth > 3 || data === null || typeof data !== 'object') {
    if (typeof data === 'string' && depth <= 3) {
      try {
        return progressFrom(JSON.parse(data), depth + 1);
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
  const o = data as Record<string, unknown>;
  const epoch = num(o.epoch);
  const epochs = num(o.epochs);
  if (epoch !== null && epochs !== null) {
    return {
      epoch,
      epochs,
      step: num(o.step) ?? 0,
      stepsTotal: num(o.steps_total) ?? num(o.stepsTotal) ?? 0,
      trainLoss: num(o.train_loss) ?? num(o.trainLoss),
      valLoss: num(o.val_loss) ?? num(o.valLoss),
      etaSecs: num(o.eta_secs) ?? num(o.etaSecs),
    };
  }
  for (const k of ['event', 'payload', 'progress', 'data']) {
    if (k in o) {
      const p = progressFrom(o[k], depth + 1);
      if (p) return p;
    }
  }
  return undefined;
}

/** One server-sent event. */
export interface SseMessage {
  event: string;
  data: string;
}

/** Reads `url` as server-sent events until `signal` aborts or the stream ends. */
export async function readSse(url: string, onMessage: (m: SseMessage) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (data.length) onMessage({ event, data: data.join('\n') });
        event = 'message';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      nl = buffer.indexOf('\n');
    }
  }
}
