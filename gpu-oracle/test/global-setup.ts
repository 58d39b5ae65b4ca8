// Once per test run: make sure the tiny base models exist (cached after the
// first time; about 8 s of CPU on a bare machine).
import { silentLogger } from '../src/log.js';
import { WorkerClient } from '../src/worker.js';
import { workerPython } from './fixtures.js';

export default async function setup(): Promise<void> {
  const w = new WorkerClient({ log: silentLogger, python: workerPython(), env: { MODELMINT_THREADS: '1' } });
  try {
    for (const base of ['caption-tiny', 'generate32-tiny']) await w.request('pretrain', { base });
  } finally {
    await w.stop();
  }
}
