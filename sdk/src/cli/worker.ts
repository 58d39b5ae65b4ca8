// The Python worker (gpu-oracle/worker, PROTOCOL.md) run locally by the CLI: to validate
// a dataset, and to re-run a job for `verify`. Found as in a checkout: the worker folder
// beside the SDK (or --worker-dir) on PYTHONPATH, the interpreter from --python,
// MODELMINT_PYTHON or the venv scripts/setup-python makes in $MODELMINT_CACHE/pyenv; base
// models from the worker's own default ($MODELMINT_BASE_DIR or $MODELMINT_CACHE/base).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors.js';

/** The worker's folder when the CLI runs from the repository. */
const REPO_WORKER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../gpu-oracle/worker');

export function defaultPython(): string {
  if (process.env.MODELMINT_PYTHON) return process.env.MODELMINT_PYTHON;
  const cache = process.env.MODELMINT_CACHE ?? resolve(homedir(), '.cache/modelmint');
  const venv = resolve(cache, 'pyenv/bin/python');
  return existsSync(venv) ? venv : 'python3';
}

export interface WorkerOptions {
  python?: string;
  workerDir?: string;
}

export type Answer =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; code: string; message: string; details: Record<string, unknown> };

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One worker process; requests run one at a time. */
export class LocalWorker {
  private constructor(
    private readonly child: ChildProcess,
    private readonly lines: AsyncIterator<string>,
    private readonly python: string,
    private readonly stderr: () => string,
  ) {}

  static async start(o: WorkerOptions = {}, timeoutMs = 120_000): Promise<LocalWorker> {
    const workerDir = o.workerDir ?? (existsSync(REPO_WORKER_DIR) ? REPO_WORKER_DIR : undefined);
    const env = { ...process.env };
    if (workerDir) env.PYTHONPATH = [workerDir, env.PYTHONPATH].filter(Boolean).join(':');
    const python = o.python ?? defaultPython();
    const child = spawn(python, ['-m', 'modelmint_worker'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const failed = new Promise<never>((_, reject) =>
      child.once('error', (e) =>
        reject(new CliError('WorkerUnavailable', `cannot start ${python} -m modelmint_worker: ${e.message}`)),
      ),
    );
    failed.catch(() => undefined);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
    const w = new LocalWorker(child, lines, python, () => stderr);
    await Promise.race([w.next(null, 'ready', timeoutMs), failed]);
    return w;
  }

  /** The next message for `id` (or the event `event` for id null). */
  private async next(
    id: string | null,
    event: string | undefined,
    timeoutMs: number,
  ): Promise<Record<string, unknown>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new CliError('WorkerTimeout', `the worker did not answer in ${timeoutMs / 1000} s`));
      }, timeoutMs);
    });
    try {
      for (;;) {
        const r = await Promise.race([this.lines.next(), timeout]);
        if (r.done) {
          const tail = this.stderr().trim().split('\n').slice(-3).join(' | ');
          throw new CliError('WorkerUnavailable', `${this.python} -m modelmint_worker exited: ${tail}`);
        }
        let msg: unknown;
        try {
          msg = JSON.parse(r.value);
        } catch {
          continue;
        }
        if (!isRecord(msg) || msg.id !== id) continue;
        if (event === undefined || msg.event === event) return msg;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends one work request and waits for its result or error. */
  async request(type: string, fields: Record<string, unknown>, timeoutMs = 300_000): Promise<Answer> {
    const id = `cli-${type}-${Date.now()}`;
    this.child.stdin?.write(`${JSON.stringify({ ...fields, id, type })}\n`);
    for (;;) {
      const msg = await this.next(id, undefined, timeoutMs);
      if (msg.event === 'result' && isRecord(msg.result)) return { ok: true, result: msg.result };
      if (msg.event === 'error' && isRecord(msg.error)) {
        const e = msg.error;
        return {
          ok: false,
          code: String(e.code),
          message: String(e.message),
          details: isRecord(e.details) ? e.details : {},
        };
      }
    }
  }

  /** Closes stdin (the worker finishes and exits) and waits a moment for it. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.stdin?.end();
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
}
