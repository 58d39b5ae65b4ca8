// Model cards come from a real embedded IPFS store (blockstore-fs + @helia/unixfs, the
// layout the oracle and the CLI write) and fill the models' searchable fields.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { FsBlockstore } from 'blockstore-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedCardSource, fetchMissingCards } from '../src/card-fetcher.js';
import { cidHex } from '../src/ingest/events.js';
import { ingest } from '../src/ingest/ingest.js';
import { freshDb, type TestDb } from './helpers/db.js';
import { ADDR, scenario } from './helpers/scenario.js';

describe('model cards from IPFS', () => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await freshDb('pglite');
    for (const tx of scenario()) await ingest(t.db, tx);
    dir = await mkdtemp(join(tmpdir(), 'modelmint-cards-'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('saves a card found in the store into its model and marks unreadable ones as errors', async () => {
    const blockstore = new FsBlockstore(join(dir, 'blocks'));
    await blockstore.open();
    const card = { name: 'Pirate Captioner', description: 'Talks like a pirate', tags: ['caption', 'pirate'] };
    const cid = (
      await unixfs({ blockstore }).addBytes(new TextEncoder().encode(JSON.stringify(card)), {
        cidVersion: 1,
        rawLeaves: true,
      })
    ).toString();
    await blockstore.close();
    // Point one model of the scenario at the stored card.
    await t.db
      .updateTable('models')
      .set({ card_cid: cid, card_hash: cidHex(cid) })
      .where('address', '=', ADDR.model)
      .execute();

    const source = await embeddedCardSource(dir);
    try {
      const saved = await fetchMissingCards(t.db, source);
      expect(saved).toBeGreaterThanOrEqual(1);
      const model = await t.db
        .selectFrom('models')
        .selectAll()
        .where('address', '=', ADDR.model)
        .executeTakeFirstOrThrow();
      expect(model.name).toBe('Pirate Captioner');
      expect(model.tags).toEqual(['caption', 'pirate']);
      // Cards the store does not have are recorded as errors, not fetched again.
      const errors = await t.db.selectFrom('model_cards').select('status').where('status', '=', 'error').execute();
      expect(errors.length).toBe(saved - 1);
      expect(await fetchMissingCards(t.db, source)).toBe(0);
    } finally {
      await source.close();
    }
  });
});
