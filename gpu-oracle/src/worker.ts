// Client of the Python worker (gpu-oracle/worker/PROTOCOL.md): one warm
// process, JSON lines on stdio, request ids, progress events, per-request
// timeouts (cancel, then kill if the worker does not let go), and a restart
// with backoff when the process dies.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { backoffDelay, sleep } from './backoff.js';
import type { Logger } from './log.js';

/** The worker's folder in this repository. */
export const WORKER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../worker');

/** A JSON value as the protocol carries it. */
import type { Json, JsonObject } from '@modelmint/sdk';

export type { Json, JsonObject };

/** A `progress` event. */
export interface ProgressEvent {
  id: string;
  event: 'progress';
  phase: string;
  epoch: number;
  epochs: number;
  step: number;
  steps_total: number;
  train_loss: number | null;
  val_loss: number | null;
  eta_secs: number | null;
}

/** The worker's `ready` line. */
export interface ReadyEvent {
  protocol: number;
  version: string;
  torch: string;
  device: string;
  pid: number;
  base_dir: string;
  bases: string[];
}

/** Orchestrator-side reason codes, after the worker's 1..10 (PROTOCOL.md). */
export const ReasonCode = {
  BadRequest: 1,
  ConfigInvalid: 2,
  DatasetInvalid: 3,
  InputInvalid: 4,
  BaseModelMissing: 5,
  WeightsInvalid: 6,
  WeightsHashMismatch: 7,
  Cancelled: 8,
  OutOfMemory: 9,
  Internal: 10,
  /** The job ran out of time (per-job timeout or deadline). */
  Timeout: 11,
  /** Input, dataset, config or weights could not be fetched from IPFS. */
  ContentUnavailable: 12,
  /** The oracle restarted and could not finish the job before its deadline. */
  OracleRestarted: 13,
  /** The worker process kept crashing. */
  WorkerCrashed: 14,
} as const;

/** An `error` answer of the worker, or a client-side failure in the same shape. */
export class WorkerError extends Error {
  constructor(
    readonly code: string,
    readonly reasonCode: number,
    readonly retryable: boolean,
    message: string,
    readonly details?: Json,
  ) {
    super(`${code}: ${message}`);
    this.name = 'WorkerError';
  }
}

export interface WorkerOptions {
  /** Python interpreter (default `MODELMINT_PYTHON` or `python3`). */
  python?: string;
  /** Extra environment for the worker (e.g. MODELMINT_BASE_DIR, MODELMINT_THREADS). */
  env?: Record<string, string>;
  log: Logger;
  /** How long a cancelled request may take to end before the process is killed, ms. */
  cancelGraceMs?: number;
  /** Restarts allowed in a row before requests fail with WORKER_CRASHED. */
  maxRestarts?: number;
  /** Command override (tests): [executable, ...args]. */
  command?: string[];
}

export interface RequestOptions {
  timeoutMs?: number;
  onProgress?: (p: ProgressEvent) => void;
  signal?: AbortSignal;
}

interface Pending {
  resolve(v: JsonObject): void;
  reject(e: Error): void;
  onProgress?: (p: ProgressEvent) => void;
  /** Set when the caller gave up; the answer is swallowed. */
  abandoned: boolean;
}

let seq = 0;

/** One warm worker process. */
export class WorkerClient {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readyPromise: Promise<ReadyEvent> | undefined;
  private pending = new Map<string, Pending>();
  private restarts = 0;
  private everStarted = false;
  private stopping = false;
  /** Set by every (re)start; resolved by the `ready` line. */
  ready: ReadyEvent | undefined;
  /** How many times the process was restarted after a crash or a stuck cancel. */
  restartCount = 0;

  constructor(private readonly o: WorkerOptions) {}

  /** Starts the process (once) and waits for `ready`. */
  start(): Promise<ReadyEvent> {
    if (!this.readyPromise) {
      this.readyPromise = this.spawn();
      this.everStarted = true;
    }
    return this.readyPromise;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private spawn(): Promise<ReadyEvent> {
    const [cmd, ...args] = this.o.command ?? [
      this.o.python ?? process.env.MODELMINT_PYTHON ?? 'python3',
      '-m',
      'modelmint_worker',
    ];
    if (!cmd) throw new Error('empty worker command');
    const child = spawn(cmd, args, {
      cwd: WORKER_DIR,
      env: { ...process.env, PYTHONPATH: WORKER_DIR, PYTHONUNBUFFERED: '1', ...this.o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    const stderr = createInterface({ input: child.stderr });
    stderr.on('line', (line) => this.o.log.debug('worker stderr', { line: line.slice(0, 2000) }));
    return new Promise<ReadyEvent>((resolveReady, rejectReady) => {
      let isReady = false;
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (!line.trim()) return;
        let msg: JsonObject;
        try {
          msg = JSON.parse(line) as JsonObject;
        } catch {
          this.o.log.warn('worker wrote a line that is not JSON', { line: line.slice(0, 500) });
          return;
        }
        if (msg.event === 'ready') {
          isReady = true;
          this.restarts = 0;
          this.ready = msg as unknown as ReadyEvent;
          this.o.log.info('worker ready', { pid: child.pid, device: this.ready.device, torch: this.ready.torch });
          resolveReady(this.ready);
          return;
        }
        this.dispatch(msg);
      });
      child.on('error', (e) => {
        if (!isReady) rejectReady(e);
      });
      child.on('exit', (code, signal) => {
        if (this.child !== child) return;
        this.child = undefined;
        this.readyPromise = undefined;
        const err = new WorkerError(
          'WORKER_CRASHED',
          ReasonCode.WorkerCrashed,
          true,
          `worker exited (code ${code}, signal ${signal})`,
        );
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          if (!p.abandoned) p.reject(err);
        }
        if (!isReady) rejectReady(err);
        if (!this.stopping) this.o.log.warn('worker exited', { code, signal });
      });
    });
  }

  private dispatch(msg: JsonObject): void {
    const id = typeof msg.id === 'string' ? msg.id : undefined;
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p || id === undefined) {
      if (msg.event === 'error') this.o.log.warn('worker error without a pending request', { msg });
      return;
    }
    switch (msg.event) {
      case 'accepted':
        return;
      case 'progress':
        if (!p.abandoned) p.onProgress?.(msg as unknown as ProgressEvent);
        return;
      case 'result':
        this.pending.delete(id);
        if (!p.abandoned) p.resolve((msg.result ?? {}) as JsonObject);
        return;
      case 'error': {
        this.pending.delete(id);
        const e = (msg.error ?? {}) as JsonObject;
        if (!p.abandoned) {
          p.reject(
            new WorkerError(
              String(e.code ?? 'INTERNAL'),
              typeof e.reason_code === 'number' ? e.reason_code : ReasonCode.Internal,
              e.retryable === true,
              String(e.message ?? 'worker error'),
              e.details ?? null,
            ),
          );
        }
        return;
      }
      default:
        return;
    }
  }

  private write(msg: JsonObject): void {
    if (!this.child) throw new WorkerError('WORKER_CRASHED', ReasonCode.WorkerCrashed, true, 'worker not running');
    this.child.stdin.write(`${JSON.stringify(msg)}\n`);
  }

  /**
   * Sends a request and resolves with its `result` object. Restarts a dead
   * worker first (with backoff, at most `maxRestarts` in a row).
   */
  async request(type: string, fields: JsonObject, o: RequestOptions = {}): Promise<JsonObject> {
    await this.ensureRunning();
    seq += 1;
    const id = `${type}-${process.pid}-${seq}`;
    return new Promise<JsonObject>((resolveReq, rejectReq) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = () => {
        if (timer) clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
      };
      const entry: Pending = {
        resolve: (v) => {
          finish();
          resolveReq(v);
        },
        reject: (e) => {
          finish();
          rejectReq(e);
        },
        onProgress: o.onProgress,
        abandoned: false,
      };
      const giveUp = (err: WorkerError) => {
        if (entry.abandoned) return;
        entry.abandoned = true;
        finish();
        rejectReq(err);
        this.cancel(id);
      };
      const onAbort = () => giveUp(new WorkerError('CANCELLED', ReasonCode.Cancelled, true, 'aborted'));
      if (o.timeoutMs !== undefined) {
        timer = setTimeout(
          () => giveUp(new WorkerError('TIMEOUT', ReasonCode.Timeout, false, `no answer within ${o.timeoutMs} ms`)),
          Math.max(0, o.timeoutMs),
        );
      }
      o.signal?.addEventListener('abort', onAbort);
      this.pending.set(id, entry);
      try {
        this.write({ ...fields, id, type });
      } catch (e) {
        this.pending.delete(id);
        finish();
        rejectReq(e as Error);
      }
    });
  }

  /** Cancels `id`; kills the process if the job has not ended after the grace period. */
  private cancel(id: string): void {
    const child = this.child;
    try {
      this.write({ id: `cancel-${id}`, type: 'cancel', target: id });
    } catch {
      return;
    }
    const grace = this.o.cancelGraceMs ?? 15_000;
    setTimeout(() => {
      if (this.pending.has(id) && this.child === child && child) {
        this.o.log.warn('worker did not stop a cancelled job; killing it', { id, pid: child.pid });
        child.kill('SIGKILL');
      }
    }, grace).unref();
  }

  private async ensureRunning(): Promise<void> {
    const max = this.o.maxRestarts ?? 5;
    for (;;) {
      if (this.stopping) throw new WorkerError('CANCELLED', ReasonCode.Cancelled, true, 'worker is stopping');
      if (this.readyPromise) {
        try {
          await this.readyPromise;
          if (this.child) return;
        } catch {
          // fell over while starting: restart below
        }
        continue;
      }
      if (this.everStarted) {
        if (this.restarts >= max) {
          throw new WorkerError(
            'WORKER_CRASHED',
            ReasonCode.WorkerCrashed,
            true,
            `worker crashed ${max} times in a row`,
          );
        }
        const delay = backoffDelay(this.restarts, { baseMs: 200, maxMs: 10_000 });
        this.restarts += 1;
        this.restartCount += 1;
        this.o.log.info('restarting worker', { attempt: this.restarts, delay_ms: delay });
        await sleep(delay);
      }
      this.start().catch(() => undefined);
    }
  }

  /** Stops the process: `shutdown`, then SIGKILL after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      this.write({ id: 'shutdown', type: 'shutdown' });
      child.stdin.end();
    } catch {
      // already gone
    }
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(t);
  }

  /** Kills the process (tests: a crash). */
  kill(): void {
    this.child?.kill('SIGKILL');
  }
}
