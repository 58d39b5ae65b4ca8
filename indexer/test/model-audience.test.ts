// GET /models/{address}/ratings and /grants: what the app's model page and
// creator studio read, on the synthetic history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';
import { createIndexerClient } from '../src/client.js';
import { ingest } from '../src/ingest/ingest.js';
import { createLogDecoder } from '../src/ingest/log-decoder.js';
import { LiveBus } from '../src/live.js';
import { Metrics } from '../src/metrics.js';
import { IngestService } from '../src/service.js';
import { freshDb, type TestDb } from './helpers/db.js';
import { ADDR, addr, scenario } from './helpers/scenario.js';

describe("a model's ratings and allowlist", () => {
  let t: TestDb;
  let client: ReturnType<typeof createIndexerClient>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    t = await freshDb('pglite');
    for (const tx of scenario()) await ingest(t.db, tx);
    const metrics = new Metrics();
    const bus = new LiveBus();
    app = createApp({
      db: t.db,
      dbKind: t.kind,
      decoder: createLogDecoder('FvdugqmxXx4XYxLKLMQeqB4RNN4DTA5vg5vXNhXY4N1o'),
      ingest: new IngestService(t.db, metrics, bus),
      metrics,
      bus,
      webhookSecret: undefined,
    });
    client = createIndexerClient('http://indexer.test', {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => app.request(input, init),
    });
  });
  afterAll(() => t?.dispose());

  it('counts each star and lists the latest ratings with their rater', async () => {
    const res = await client.models[':address'].ratings.$get({ param: { address: ADDR.model }, query: {} });
    expect(res.status).toBe(200);
    const body = await res.json();
    if (!('histogram' in body)) throw new Error('expected ratings');
    expect(body.histogram).toEqual([
      { stars: 1, count: '0' },
      { stars: 2, count: '0' },
      { stars: 3, count: '0' },
      { stars: 4, count: '1' },
      { stars: 5, count: '0' },
    ]);
    expect(body.latest).toMatchObject([{ job: addr('job-1'), rater: ADDR.alice, rating: 4 }]);
    const none = await (
      await client.models[':address'].ratings.$get({ param: { address: ADDR.model2 }, query: {} })
    ).json();
    expect('latest' in none && none.latest).toEqual([]);
  });

  it("lists a model's grants with revoked ones marked", async () => {
    const body = await (
      await client.models[':address'].grants.$get({ param: { address: ADDR.model2 }, query: {} })
    ).json();
    if (!('items' in body)) throw new Error('expected grants');
    expect(body.items).toMatchObject([{ wallet: ADDR.alice, expires_at: '0', revoked: true }]);
    const none = await (
      await client.models[':address'].grants.$get({ param: { address: ADDR.model }, query: {} })
    ).json();
    expect('items' in none && none.items).toEqual([]);
  });

  it('refuses invalid parameters with 400', async () => {
    for (const path of [
      '/models/xyz/ratings',
      `/models/${ADDR.model}/ratings?limit=0`,
      `/models/${ADDR.model}/grants?limit=5000`,
    ]) {
      expect((await app.request(path)).status, path).toBe(400);
    }
  });
});
