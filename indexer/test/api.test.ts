import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';
import { encodeEvent } from '../src/bench/encode.js';
import { saveCard } from '../src/cards.js';
import { createIndexerClient } from '../src/client.js';
import type { DecodedTransaction } from '../src/ingest/decoder.js';
import type { ModelmintEvent } from '../src/ingest/events.js';
import { ingest } from '../src/ingest/ingest.js';
import { createLogDecoder } from '../src/ingest/log-decoder.js';
import { LiveBus } from '../src/live.js';
import { Metrics } from '../src/metrics.js';
import { IngestService } from '../src/service.js';
import { freshDb, type TestDb } from './helpers/db.js';
import { ADDR, addr, cid, scenario, sig, U64_MAX } from './helpers/scenario.js';
import { snapshot } from './helpers/snapshot.js';

const PROGRAM = 'FvdugqmxXx4XYxLKLMQeqB4RNN4DTA5vg5vXNhXY4N1o';
const SECRET = 'test-webhook-secret-0123456789';
const txs = scenario();

const decoder = createLogDecoder(PROGRAM);

function rawOf(tx: DecodedTransaction, events = tx.events.map((e) => Buffer.from(encodeEvent(e)).toString('base64'))) {
  return {
    slot: Number(tx.slot),
    blockTime: Number(tx.blockTime),
    indexWithinBlock: tx.indexInBlock,
    meta: {
      err: null,
      logMessages: [
        `Program ${PROGRAM} invoke [1]`,
        ...events.map((b64) => `Program data: ${b64}`),
        `Program ${PROGRAM} success`,
      ],
    },
    transaction: { signatures: [tx.signature], message: { accountKeys: [tx.feePayer] } },
  };
}

describe('HTTP API', () => {
  let t: TestDb;
  let app: ReturnType<typeof createApp>;
  const metrics = new Metrics();
  const bus = new LiveBus();

  beforeAll(async () => {
    t = await freshDb('pglite');
    // The model cards, as the IPFS fetcher stores them (before or after the models arrive).
    await saveCard(t.db, cid('card-1'), { name: 'Pixel Cats', description: 'cats in pixels', tags: ['pixel'] });
    await saveCard(t.db, cid('card-2'), { name: 'Caption Bot', description: 'captions images', tags: ['caption'] });
    app = createApp({
      db: t.db,
      dbKind: t.kind,
      decoder,
      ingest: new IngestService(t.db, metrics, bus),
      metrics,
      bus,
      webhookSecret: SECRET,
    });
  });
  afterAll(() => t?.dispose());

  const post = (body: unknown, secret: string | null = SECRET) =>
    app.request('/webhooks/helius', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { authorization: secret }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  describe('POST /webhooks/helius', () => {
    let empty: Awaited<ReturnType<typeof snapshot>>;
    beforeEach(async () => {
      empty = await snapshot(t.db);
    });

    it('refuses a wrong or missing secret and writes nothing', async () => {
      const body = [rawOf(txs[0] as DecodedTransaction)];
      expect((await post(body, 'wrong-secret')).status).toBe(401);
      expect((await post(body, `${SECRET}x`)).status).toBe(401);
      expect((await post(body, null)).status).toBe(401);
      expect(await snapshot(t.db)).toEqual(empty);
    });

    it('refuses malformed bodies and writes nothing', async () => {
      const good = rawOf(txs[0] as DecodedTransaction);
      const bad = [
        '{not json',
        '{}',
        [],
        [{ ...good, slot: -5 }],
        [{ ...good, transaction: { signatures: [], message: { accountKeys: [] } } }],
        // a valid item followed by one whose event cannot be decoded: nothing of either is written
        [good, rawOf(txs[1] as DecodedTransaction, [Buffer.from('garbage').toString('base64')])],
      ];
      for (const body of bad) {
        const res = await post(body);
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      }
      expect(await snapshot(t.db)).toEqual(empty);
    });

    it('answers 503 when no secret is configured', async () => {
      const closed = createApp({
        db: t.db,
        dbKind: t.kind,
        decoder,
        ingest: new IngestService(t.db, new Metrics(), new LiveBus()),
        metrics: new Metrics(),
        bus: new LiveBus(),
        webhookSecret: undefined,
      });
      const res = await closed.request('/webhooks/helius', {
        method: 'POST',
        body: '[]',
        headers: { authorization: '' },
      });
      expect(res.status).toBe(503);
    });

    it('ingests raw transactions, once', async () => {
      const body = txs.slice(0, 4).map((tx) => rawOf(tx));
      const other = {
        ...rawOf(txs[4] as DecodedTransaction),
        meta: { err: null, logMessages: ['Program 11111111111111111111111111111111 invoke [1]'] },
      };
      const first = await post([...body, other]);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ received: 5, new: 4, duplicate: 0, promoted: 0, skipped: 1 });
      const again = await post(body);
      expect(await again.json()).toEqual({ received: 4, new: 0, duplicate: 4, promoted: 0, skipped: 0 });
      const models = await t.db.selectFrom('models').select('name').orderBy('name').execute();
      expect(models.map((m) => m.name)).toEqual(['Caption Bot', 'Pixel Cats']);
      const cursor = await t.db.selectFrom('ingest_cursors').selectAll().executeTakeFirstOrThrow();
      expect(cursor).toMatchObject({ source: 'helius', slot: txs[3]?.slot });
      const text = await (await app.request('/metrics')).text();
      expect(text).toMatch(/modelmint_indexer_transactions_total\{source="helius",result="new"\} 4/);
      expect(text).toMatch(
        /modelmint_indexer_rejected_requests_total\{route="webhooks\/helius",reason="unauthorized"\} 3/,
      );
    });
  });

  describe('GET /models', () => {
    beforeAll(async () => {
      for (const tx of txs) await ingest(t.db, tx);
    });

    it('rejects invalid query parameters with 400', async () => {
      for (const query of [
        'limit=0',
        'limit=101',
        'limit=ten',
        'category=video',
        'sort=random',
        'minPrice=-1',
        'maxPrice=1.5',
        `minPrice=${2n ** 64n}`,
        'creator=not-an-address',
        'cursor=bm9wZQ',
      ]) {
        const res = await app.request(`/models?${query}`);
        expect(res.status, query).toBe(400);
        expect(await res.json()).toHaveProperty('error');
      }
      expect((await app.request('/models/0OIl')).status).toBe(400);
      expect((await app.request(`/models/${addr('nobody')}`)).status).toBe(404);
    });

    it('searches, filters and pages with a typed client', async () => {
      const client = createIndexerClient('http://indexer.test', {
        fetch: (input: RequestInfo | URL, init?: RequestInit) => app.request(input, init),
      });
      const search = await (await client.models.$get({ query: { q: 'cats' } })).json();
      expect('items' in search && search.items.map((m) => m.name)).toEqual(['Pixel Cats']);
      const fuzzy = await (await client.models.$get({ query: { q: 'capt' } })).json();
      expect('items' in fuzzy && fuzzy.items.map((m) => m.name)).toEqual(['Caption Bot']);
      const caption = await (await client.models.$get({ query: { visibility: 'allowlist' } })).json();
      expect('items' in caption && caption.items.map((m) => m.address)).toEqual([ADDR.model2]);
      const cheap = await (await client.models.$get({ query: { maxPrice: '10' } })).json();
      expect('items' in cheap && cheap.items.map((m) => m.address)).toEqual([ADDR.model2]);

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await client.models.$get({ query: { sort: 'newest', limit: '1', ...(cursor ? { cursor } : {}) } });
        const page = await res.json();
        if (!('items' in page)) throw new Error('expected a page');
        seen.push(...page.items.map((m) => m.address));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      // both models were created in one transaction (same time): each appears once
      expect([...seen].sort()).toEqual([ADDR.model2, ADDR.model].sort());

      const detail = await (await client.models[':address'].$get({ param: { address: ADDR.model } })).json();
      expect(detail).toMatchObject({
        model: { address: ADDR.model, uses: '2' },
        versions: [{ version: '1', yanked: true }],
      });
    });
  });

  describe('jobs, access, revenue, disputes, oracles, stats', () => {
    const client = () =>
      createIndexerClient('http://indexer.test', {
        fetch: (input: RequestInfo | URL, init?: RequestInit) => app.request(input, init),
      });

    it('lists jobs by requester, model or oracle with their timelines, paged', async () => {
      const c = client();
      const byAlice = await (await c.jobs.$get({ query: { requester: ADDR.alice, limit: '2' } })).json();
      if (!('items' in byAlice)) throw new Error('expected a page');
      expect(byAlice.items).toHaveLength(2);
      expect(byAlice.nextCursor).not.toBeNull();
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await (
          await c.jobs.$get({ query: { requester: ADDR.alice, limit: '2', ...(cursor ? { cursor } : {}) } })
        ).json();
        if (!('items' in page)) throw new Error('expected a page');
        all.push(...page.items.map((j) => j.address));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(all.sort()).toEqual(['job-1', 'job-2', 'job-5', 'job-7'].map(addr).sort());
      const disputed = await (await c.jobs[':address'].$get({ param: { address: addr('job-5') } })).json();
      expect('timeline' in disputed && disputed.timeline.map((e) => e.event)).toEqual([
        'JobRequested',
        'JobClaimed',
        'ResultSubmitted',
        'JobDisputed',
        'DisputeResolved',
      ]);
      const byOracle = await (await c.jobs.$get({ query: { oracle: ADDR.oracle, limit: '100' } })).json();
      expect('items' in byOracle && byOracle.items.length).toBe(6);
      const byModel = await (await c.jobs.$get({ query: { model: ADDR.model2 } })).json();
      expect('items' in byModel && byModel.items.map((j) => j.escrowed)).toEqual([U64_MAX]);
    });

    it("serves a wallet's access, a model's revenue and stats, the disputes queue and the oracles", async () => {
      const c = client();
      const access = await (await c.users[':address'].access.$get({ param: { address: ADDR.alice } })).json();
      expect('passes' in access && access.passes).toHaveLength(1);
      expect('grants' in access && access.grants).toHaveLength(1);
      const bob = await (await c.users[':address'].access.$get({ param: { address: ADDR.bob } })).json();
      expect('subscriptions' in bob && bob.subscriptions).toHaveLength(1);

      const rev = await (
        await c.models[':address'].revenue.$get({ param: { address: ADDR.model }, query: { bucket: 'month' } })
      ).json();
      if (!('items' in rev)) throw new Error('expected buckets');
      const gross = rev.items.reduce((n, b) => n + BigInt(b.gross), 0n);
      expect(gross).toBe(1000000n + 900000n + 50000000n + 700000n);

      const stats = await (await c.models[':address'].stats.$get({ param: { address: ADDR.model } })).json();
      expect(stats).toMatchObject({ uses: '2', rating: 4, settled: '2', failed: '1', expired: '2', disputed: '1' });
      expect('success_rate' in stats && stats.success_rate).toBeCloseTo(2 / 6);
      expect('avg_response_secs' in stats && typeof stats.avg_response_secs).toBe('number');

      const queue = await (await c.disputes.$get({ query: { status: 'resolved' } })).json();
      expect('items' in queue && queue.items.map((d) => d.job)).toEqual([addr('job-5')]);
      const open = await (await c.disputes.$get({ query: {} })).json();
      expect('items' in open && open.items).toEqual([]);
      // Left unresolved past resolve_by and refunded in full by anyone.
      const expired = await (await c.disputes.$get({ query: { status: 'expired' } })).json();
      expect('items' in expired && expired.items.map((d) => [d.job, d.status])).toEqual([[addr('job-8'), 'expired']]);
      // Each dispute carries its job's resolve-by time (the arbiter console shows it).
      expect('items' in expired && expired.items[0]?.resolve_by).toBe('1701209600');

      const list = await (await c.oracles.$get()).json();
      expect(list.items).toMatchObject([
        { address: ADDR.oracle, jobs_completed: '3', jobs_failed: '1', disputes_lost: '1' },
      ]);
    });

    it('rejects invalid parameters with 400', async () => {
      for (const path of [
        '/jobs?requester=nope',
        '/jobs?limit=0',
        '/jobs?status=lost',
        '/jobs?cursor=bm9wZQ',
        '/jobs/0OIl',
        '/users/xyz/access',
        `/models/${ADDR.model}/revenue?bucket=year`,
        `/models/${ADDR.model}/revenue?from=yesterday`,
        '/disputes?status=maybe',
        '/disputes?limit=100000',
      ]) {
        expect((await app.request(path)).status, path).toBe(400);
      }
      expect((await app.request(`/jobs/${addr('nobody')}`)).status).toBe(404);
      expect((await app.request(`/models/${addr('nobody')}/stats`)).status).toBe(404);
    });
  });

  it('serves /health and an OpenAPI document', async () => {
    expect(await (await app.request('/health')).json()).toEqual({ ok: true, database: 'pglite' });
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/models',
        '/models/{address}',
        '/webhooks/helius',
        '/oracle/progress',
        '/jobs',
        '/jobs/{address}',
        '/users/{address}/access',
        '/models/{address}/revenue',
        '/models/{address}/stats',
        '/disputes',
        '/oracles',
      ]),
    );
  });

  it('streams committed changes over SSE, filtered by key', async () => {
    const controller = new AbortController();
    const res = await app.request(`/stream?keys=${addr('job-sse')}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const read = async (until: string) => {
      let text = '';
      while (!text.includes(until)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
      return text;
    };
    expect(await read('event: ready')).toContain('event: ready');
    const service = new IngestService(t.db, metrics, bus);
    const base = txs.find((tx) => tx.events[0]?.name === 'JobRequested') as DecodedTransaction;
    const withJob = (job: string) =>
      ({ ...(base.events[0] as ModelmintEvent), data: { ...base.events[0]?.data, job } }) as ModelmintEvent;
    await service.ingest('test', { ...base, signature: sig('sse-other'), events: [withJob(addr('job-other'))] });
    await service.ingest('test', { ...base, signature: sig('sse-watch'), events: [withJob(addr('job-sse'))] });
    const text = await read('JobRequested');
    expect(text).toContain('event: JobRequested');
    expect(text).toContain(addr('job-sse'));
    expect(text).not.toContain(addr('job-other'));
    controller.abort();
    await reader.cancel().catch(() => {});
  });
});
