// Finality against every answer getSignatureStatuses can give. localnet never abandons a fork or
// moves a transaction, so the chain here is the benchmark's synthetic history behind an in-process
// RPC client that answers from it (sources.test.ts runs the promote and drop paths on localnet).
import { PROGRAM_ADDRESS } from '@modelmint/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticHistory } from '../src/bench/synthetic.js';
import type { DecodedTransaction, RawTransaction } from '../src/ingest/decoder.js';
import { foldEnv } from '../src/ingest/fold/run.js';
import { ingestBatch } from '../src/ingest/ingest.js';
import { createLogDecoder } from '../src/ingest/log-decoder.js';
import type { RpcClient } from '../src/sources/rpc.js';
import { settleConfirmed } from '../src/upkeep/finality.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';
import { snapshot } from './helpers/snapshot.js';

const { txs: raws } = syntheticHistory({ programId: PROGRAM_ADDRESS, events: 60, models: 3, users: 5 });
const decoder = createLogDecoder(PROGRAM_ADDRESS);
const signatureOf = (raw: RawTransaction) => raw.transaction.signatures[0] as string;
const decodeAll = (list: RawTransaction[], commitment: 'confirmed' | 'finalized') =>
  list.map((raw) => decoder.decode(raw, commitment)).filter((tx): tx is DecodedTransaction => tx !== null);

// The chain's answer: the last transaction vanished, the one before it was finalized a slot later
// (re-included after a fork switch), the second-to-last is still only confirmed, the rest finalized.
const vanished = raws.at(-1) as RawTransaction;
const moved = { ...(raws.at(-2) as RawTransaction), slot: Number((raws.at(-2) as RawTransaction).slot) + 1 };
const pending = raws.at(-3) as RawTransaction;
const finalizedSlot = Number(moved.slot);

const rpc: RpcClient = {
  async call<T>(method: string, params: unknown[]): Promise<T> {
    if (method === 'getSlot') return finalizedSlot as T;
    if (method === 'getSignatureStatuses') {
      const value = (params[0] as string[]).map((signature) => {
        if (signature === signatureOf(vanished)) return null;
        if (signature === signatureOf(moved)) return { slot: moved.slot, confirmationStatus: 'finalized' };
        const raw = raws.find((r) => signatureOf(r) === signature) as RawTransaction;
        const status = signature === signatureOf(pending) ? 'confirmed' : 'finalized';
        return { slot: Number(raw.slot), confirmationStatus: status };
      });
      return { value } as T;
    }
    if (method === 'getTransaction' && params[0] === signatureOf(moved)) return moved as T;
    throw new Error(`unexpected ${method}`);
  },
};

describe.each(backends)('finality on %s', (kind) => {
  let t: TestDb;
  let expected: TestDb;
  beforeAll(async () => {
    [t, expected] = await Promise.all([freshDb(kind), freshDb(kind)]);
  });
  afterAll(async () => {
    await Promise.all([t?.dispose(), expected?.dispose()]);
  });

  it('promotes the finalized, drops the vanished, moves the re-included, leaves the pending', async () => {
    const env = await foldEnv(PROGRAM_ADDRESS);
    await ingestBatch(t.db, decodeAll(raws, 'confirmed'), { env });
    const result = await settleConfirmed(t.db, rpc, {
      env,
      decoder,
      reingest: (txs) => ingestBatch(t.db, txs, { env }),
    });
    expect(result).toEqual({ checked: raws.length, promoted: raws.length - 3, dropped: 1, moved: 1 });

    // The same database as one that saw the chain as it ended up, and nothing else.
    const settled = raws.slice(0, -3);
    await ingestBatch(expected.db, decodeAll(settled, 'finalized'), { env });
    await ingestBatch(expected.db, decodeAll([pending], 'confirmed'), { env });
    await ingestBatch(expected.db, decodeAll([moved], 'finalized'), { env });
    expect(await snapshot(t.db)).toEqual(await snapshot(expected.db));

    // Only the pending transaction is left to look at.
    expect(await settleConfirmed(t.db, rpc, { env })).toEqual({ checked: 1, promoted: 0, dropped: 0, moved: 0 });
  });

  // After the run above, one confirmed (pending) transaction is left to look at.
  it('refuses a status list that does not match the signatures, and changes nothing', async () => {
    const env = await foldEnv(PROGRAM_ADDRESS);
    const before = await snapshot(t.db);
    const short: RpcClient = {
      call: async <T>(method: string, params: unknown[]): Promise<T> =>
        method === 'getSignatureStatuses' ? ({ value: [] } as T) : rpc.call<T>(method, params),
    };
    await expect(settleConfirmed(t.db, short, { env })).rejects.toThrow(/answered 0 statuses for 1 signatures/);
    expect(await snapshot(t.db)).toEqual(before);
  });
});
