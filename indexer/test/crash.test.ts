// SIGKILL the backfill (a child process) at random points of a 2,400-transaction history, restart
// it until it finishes: the database must equal an uninterrupted run's. The history is the
// benchmark's synthetic one (events Borsh-encoded as the program logs them), served by a JSON-RPC
// stub: 2,400 real transactions on the local chain would take minutes to create.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROGRAM_ADDRESS } from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { syntheticHistory } from '../src/bench/synthetic.js';
import { foldEnv } from '../src/ingest/fold/run.js';
import { ingestBatch } from '../src/ingest/ingest.js';
import { createLogDecoder } from '../src/ingest/log-decoder.js';
import { syncToTip } from '../src/sources/backfill.js';
import { httpRpc } from '../src/sources/rpc.js';
import { freshDb, skipPostgres } from './helpers/db.js';
import { rpcStub } from './helpers/rpc-stub.js';
import { snapshot } from './helpers/snapshot.js';

const CLI = fileURLToPath(new URL('../src/backfill.ts', import.meta.url));

/** Runs the backfill child; kills it with SIGKILL after `killAfter` committed batches (if given). */
function runChild(env: NodeJS.ProcessEnv, killAfter: number | null, delayMs: number): Promise<'done' | 'killed'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let batches = 0;
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      batches += (d.toString().match(/^batch /gm) ?? []).length;
      if (killAfter !== null && batches >= killAfter) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('done');
      else reject(new Error(`backfill exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

describe.skipIf(skipPostgres)('crash safety of the backfill', () => {
  it('ends, after random SIGKILLs and restarts, in the database an uninterrupted run writes', async () => {
    const { txs } = syntheticHistory({
      programId: PROGRAM_ADDRESS,
      events: 2_400,
      models: 30,
      users: 60,
      seed: 5,
      disputeWindowSecs: 60,
    });
    expect(txs.length).toBeGreaterThanOrEqual(2_000);
    const stub = await rpcStub(txs);
    const [reference, crashed] = await Promise.all([freshDb('postgres'), freshDb('postgres', { migrate: false })]);
    try {
      const env = await foldEnv(PROGRAM_ADDRESS);
      await syncToTip(
        httpRpc(stub.url),
        reference.db,
        createLogDecoder(PROGRAM_ADDRESS),
        (list, o) => ingestBatch(reference.db, list, { ...o, env }),
        {
          programId: PROGRAM_ADDRESS,
          batchSize: 40,
        },
      );
      const url = await databaseUrlOf(crashed);
      const childEnv = { DATABASE_URL: url, MODELMINT_RPC_URL: stub.url, MODELMINT_BACKFILL_BATCH: '40' };
      let seed = 99;
      const rand = (n: number) => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return seed % n;
      };
      const outcomes: string[] = [];
      for (let run = 0; run < 12; run++) {
        const last = run === 11;
        outcomes.push(await runChild(childEnv, last ? null : 1 + rand(12), rand(40)));
        if (outcomes.at(-1) === 'done') break;
      }
      expect(outcomes.filter((o) => o === 'killed').length).toBeGreaterThanOrEqual(3);
      expect(outcomes.at(-1)).toBe('done');
      expect(await snapshot(crashed.db)).toEqual(await snapshot(reference.db));
    } finally {
      await stub.close();
      await Promise.all([reference.dispose(), crashed.dispose()]);
    }
  }, 120_000);
});

/** The URL of a test database (the scratch database freshDb created). */
async function databaseUrlOf(t: Awaited<ReturnType<typeof freshDb>>): Promise<string> {
  if (!t.url) throw new Error('not a PostgreSQL test database');
  return t.url;
}
