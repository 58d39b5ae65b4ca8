// The worker client against a scripted stand-in: framing, ids, progress,
// errors with reason codes, timeouts with cancel (and kill when the worker
// ignores the cancel), restart after a crash.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { type ProgressEvent, ReasonCode, WorkerClient, WorkerError } from '../src/worker.js';

const FAKE = resolve(import.meta.dirname, 'fake-worker.mjs');
let clients: WorkerClient[] = [];
function client(env: Record<string, string> = {}, cancelGraceMs = 300): WorkerClient {
  const c = new WorkerClient({
    log: silentLogger,
    command: [process.execPath, FAKE],
    env,
    cancelGraceMs,
    maxRestarts: 3,
  });
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.map((c) => c.stop(500)));
  clients = [];
});

describe('WorkerClient', () => {
  it('waits for ready, matches answers to requests by id, concurrently', async () => {
    const c = client();
    const ready = await c.start();
    expect(ready.protocol).toBe(1);
    const [a, b] = await Promise.all([c.request('echo', { n: 1 }), c.request('echo', { n: 2 })]);
    expect(a.n).toBe(1);
    expect(b.n).toBe(2);
    expect(a.id).not.toBe(b.id);
  });

  it('skips lines that are not JSON', async () => {
    const c = client();
    expect((await c.request('garbage', {})).after).toBe('garbage');
  });

  it('delivers progress events, then the result', async () => {
    const c = client();
    const seen: ProgressEvent[] = [];
    const r = await c.request('slow', { ms: 50 }, { onProgress: (p) => seen.push(p) });
    expect(r.done).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.train_loss).toBe(1);
  });

  it('turns error answers into WorkerError with the reason code', async () => {
    const c = client();
    const e = await c.request('boom', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WorkerError);
    expect((e as WorkerError).code).toBe('DATASET_INVALID');
    expect((e as WorkerError).reasonCode).toBe(ReasonCode.DatasetInvalid);
    expect((e as WorkerError).retryable).toBe(false);
  });

  it('times out, cancels the job, and keeps serving', async () => {
    const c = client();
    const e = await c.request('slow', { ms: 10_000 }, { timeoutMs: 100 }).catch((x: unknown) => x);
    expect((e as WorkerError).code).toBe('TIMEOUT');
    expect((e as WorkerError).reasonCode).toBe(ReasonCode.Timeout);
    expect((await c.request('echo', { ok: 1 })).ok).toBe(1);
    expect(c.restartCount).toBe(0);
  });

  it('kills and restarts a worker that ignores a cancel', async () => {
    const c = client({ FAKE_IGNORE_CANCEL: '1' }, 200);
    await c.start();
    const pid = c.pid;
    await expect(c.request('slow', { ms: 60_000 }, { timeoutMs: 50 })).rejects.toThrow(/TIMEOUT/);
    await new Promise((r) => setTimeout(r, 400));
    expect((await c.request('echo', { again: true })).again).toBe(true);
    expect(c.pid).not.toBe(pid);
    expect(c.restartCount).toBe(1);
  });

  it('fails the running request when the worker crashes, then restarts for the next one', async () => {
    const c = client();
    await c.start();
    const e = await c.request('crash', {}).catch((x: unknown) => x);
    expect((e as WorkerError).code).toBe('WORKER_CRASHED');
    expect((e as WorkerError).retryable).toBe(true);
    expect((await c.request('echo', { x: 1 })).x).toBe(1);
    expect(c.restartCount).toBe(1);
  });
});
