// POST /oracle/progress with bodies signed as the GPU oracle signs them (gpu-oracle/src/progress.ts).
import { generateKeyPairSigner, type KeyPairSigner } from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProgressPayload, signProgress } from '../../gpu-oracle/src/progress.js';
import { createApp } from '../src/api/app.js';
import type { DecodedTransaction } from '../src/ingest/decoder.js';
import type { EventData, ModelmintEvent } from '../src/ingest/events.js';
import { ingestBatch } from '../src/ingest/ingest.js';
import { createLogDecoder } from '../src/ingest/log-decoder.js';
import { LiveBus, type LiveUpdate } from '../src/live.js';
import { Metrics } from '../src/metrics.js';
import { IngestService } from '../src/service.js';
import { freshDb, type TestDb } from './helpers/db.js';
import { addr, cid, NONE, sig } from './helpers/scenario.js';

const oracle = addr('progress-oracle');
const idle = addr('idle-oracle');
const job = addr('progress-job');

function tx(label: string, slot: number, events: ModelmintEvent[]): DecodedTransaction {
  return {
    signature: sig(label),
    slot: String(slot),
    indexInBlock: 0,
    blockTime: String(1_700_000_000 + slot),
    commitment: 'confirmed',
    err: null,
    feePayer: null,
    events,
  };
}
const registered = (o: string, key: string, active: boolean): ModelmintEvent => ({
  name: active ? 'OracleRegistered' : 'OracleUpdated',
  data: {
    oracle: o,
    authority: addr(`${o}-auth`),
    attestationKey: key,
    capabilities: 3,
    active,
  } as EventData<'OracleRegistered'>,
});

describe('POST /oracle/progress', () => {
  let t: TestDb;
  let app: ReturnType<typeof createApp>;
  let key: KeyPairSigner;
  let stranger: KeyPairSigner;
  const bus = new LiveBus();
  const seen: LiveUpdate[] = [];
  const payload = (over: Partial<ProgressPayload> = {}): ProgressPayload => ({
    v: 1,
    job,
    oracle,
    seq: 0,
    ts: 1_700_000_000_000,
    phase: 'train',
    epoch: 1,
    epochs: 3,
    step: 10,
    steps_total: 30,
    train_loss: 1.25,
    val_loss: null,
    eta_secs: 42,
    ...over,
  });
  const post = (body: string) =>
    app.request('/oracle/progress', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const count = async () => (await t.db.selectFrom('oracle_progress').selectAll().execute()).length;

  beforeAll(async () => {
    t = await freshDb('pglite');
    key = await generateKeyPairSigner();
    stranger = await generateKeyPairSigner();
    const metrics = new Metrics();
    app = createApp({
      db: t.db,
      dbKind: t.kind,
      decoder: createLogDecoder(addr('program')),
      ingest: new IngestService(t.db, metrics, bus),
      metrics,
      bus,
      webhookSecret: undefined,
    });
    bus.subscribe((u) => seen.push(u));
    await ingestBatch(t.db, [
      tx('p1', 1, [registered(oracle, key.address, true), registered(idle, stranger.address, true)]),
      tx('p2', 2, [registered(idle, stranger.address, false)]),
      tx('p3', 3, [
        {
          name: 'JobRequested',
          data: {
            job,
            requester: addr('trainer'),
            model: addr('progress-model'),
            kind: 1,
            mode: 3,
            version: 0,
            weightsCid: null,
            inputCid: cid('dataset'),
            configCid: cid('config'),
            escrow: '10',
            paymentMint: NONE,
            feeBps: 1000,
            deadline: '1700090000',
            nonce: '1',
          } as EventData<'JobRequested'>,
        },
        { name: 'JobClaimed', data: { job, oracle, claimedAt: '1700000003' } as EventData<'JobClaimed'> },
      ]),
    ]);
  });
  afterAll(() => t?.dispose());

  it('stores a report signed by the claiming oracle, once, and streams it', async () => {
    const body = await signProgress(key, payload());
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: true });
    expect(await (await post(body)).json()).toEqual({ stored: false });
    await post(await signProgress(key, payload({ seq: 1, ts: 1_700_000_001_000, val_loss: 0.5 })));
    const list = (await (await app.request(`/jobs/${job}/progress`)).json()) as { items: { seq: number }[] };
    expect(list.items.map((i) => i.seq)).toEqual([0, 1]);
    expect(seen.filter((u) => u.name === 'TrainingProgress' && u.keys.includes(job))).toHaveLength(2);
  });

  it('refuses unsigned, wrongly signed, unknown, inactive and unclaimed reports, writing nothing', async () => {
    const before = await count();
    const good = JSON.parse(await signProgress(key, payload({ seq: 9 }))) as {
      payload: string;
      signature: string;
      key: string;
    };
    const cases: Array<[string, number]> = [
      [JSON.stringify({ payload: good.payload, key: good.key }), 400],
      ['{not json', 400],
      [JSON.stringify({ ...good, signature: Buffer.alloc(64).toString('base64') }), 401],
      [JSON.stringify({ ...good, payload: good.payload.replace('"seq":9', '"seq":10') }), 401],
      // signed by a key that is not this oracle's attestation key: the signature verifies, the key is refused
      [await signProgress(stranger, payload({ seq: 9 })), 403],
    ];
    cases.push([await signProgress(stranger, payload({ oracle: idle })), 403]); // inactive oracle
    cases.push([await signProgress(key, payload({ oracle: addr('nobody') })), 403]); // unknown oracle
    cases.push([await signProgress(key, payload({ job: addr('other-job') })), 403]); // not claimed by it
    cases.push([await signProgress(key, { ...payload(), seq: -1 }), 400]);
    for (const [body, status] of cases) {
      expect((await post(body)).status, body.slice(0, 120)).toBe(status);
    }
    expect(await count()).toBe(before);
  });
});
