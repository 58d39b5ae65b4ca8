// Model cards come from a real embedded IPFS store (blockstore-fs + @helia/unixfs, the layout
// the oracle and the CLI write) or from an HTTP gateway (a real server over such a store), fill
// the models' searchable fields, are retried with backoff when they could not be fetched, and
// are checked against their CID and their size limit while they stream.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { decode } from '@ipld/dag-pb';
import { FsBlockstore } from 'blockstore-fs';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { CID } from 'multiformats/cid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CardSource,
  cardRetryDelayMs,
  embeddedCardSource,
  fetchMissingCards,
  gatewayCardSource,
  MAX_CARD_BYTES,
} from '../src/card-fetcher.js';
import { cidHex } from '../src/ingest/events.js';
import { freshDb, type TestDb } from './helpers/db.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

/** A store of real blocks; `add` imports bytes as one UnixFS file (a raw block unless chunked). */
async function store(dir: string) {
  const blockstore = new FsBlockstore(join(dir, 'blocks'));
  await blockstore.open();
  return {
    blockstore,
    add: async (bytes: Uint8Array, chunkSize?: number) =>
      (
        await unixfs({ blockstore }).addBytes(bytes, {
          cidVersion: 1,
          rawLeaves: true,
          ...(chunkSize ? { chunker: fixedSize({ chunkSize }) } : {}),
        })
      ).toString(),
    block: async (cid: string) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of blockstore.get(CID.parse(cid))) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
  };
}
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('model cards', () => {
  let t: TestDb;
  let n = 0;
  beforeAll(async () => {
    t = await freshDb('pglite');
  });
  afterAll(() => t?.dispose());
  beforeEach(async () => {
    await t.db.deleteFrom('models').execute();
    await t.db.deleteFrom('model_cards').execute();
  });

  /** A model whose card is `cid`; returns its address. */
  async function modelWithCard(cid: string): Promise<string> {
    const address = `model-${n++}`;
    await t.db
      .insertInto('models')
      .values({
        address,
        card_cid: cid,
        card_hash: cidHex(cid),
        slot: '1',
        signature: 's',
        commitment: 'confirmed',
        pos: '1',
      })
      .execute();
    return address;
  }
  const cardRow = (cid: string) =>
    t.db
      .selectFrom('model_cards')
      .selectAll()
      .where('card_hash', '=', cidHex(cid) ?? '')
      .executeTakeFirstOrThrow();
  const modelName = async (address: string) =>
    (await t.db.selectFrom('models').select('name').where('address', '=', address).executeTakeFirstOrThrow()).name;

  describe('from the embedded store', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'modelmint-cards-'));
    });

    it('saves a card into its model; one the store lacks is retried after its backoff and then saved', async () => {
      const s = await store(dir);
      const card = { name: 'Pirate Captioner', description: 'Talks like a pirate', tags: ['caption', 'pirate'] };
      const present = await s.add(json(card));
      // The same bytes in a second store only: the CID is known before the store has it.
      const other = await store(await mkdtemp(join(tmpdir(), 'modelmint-cards-')));
      const late = await other.add(json({ name: 'Late Card' }));
      await s.blockstore.close();
      const a = await modelWithCard(present);
      const b = await modelWithCard(late);

      let source = await embeddedCardSource(dir);
      try {
        expect(await fetchMissingCards(t.db, source, { now: T0 })).toBe(2);
      } finally {
        await source.close();
      }
      expect(await modelName(a)).toBe('Pirate Captioner');
      const missing = await cardRow(late);
      expect(missing).toMatchObject({ status: 'error', attempts: 1 });
      expect(missing.retry_at?.getTime()).toBe(later(10_000).getTime());

      // Not before its time.
      source = await embeddedCardSource(dir);
      try {
        expect(await fetchMissingCards(t.db, source, { now: later(9_000) })).toBe(0);
      } finally {
        await source.close();
      }
      // The block arrives in the store; after the backoff the card is fetched and saved.
      const s2 = await store(dir);
      await s2.blockstore.put(CID.parse(late), await other.block(late));
      await s2.blockstore.close();
      await other.blockstore.close();
      source = await embeddedCardSource(dir);
      try {
        expect(await fetchMissingCards(t.db, source, { now: later(10_000) })).toBe(1);
      } finally {
        await source.close();
      }
      expect(await modelName(b)).toBe('Late Card');
      expect(await cardRow(late)).toMatchObject({ status: 'ok', attempts: 2, retry_at: null, error: null });
    });

    it('never retries a card whose content is unusable: not JSON, not an object, too large', async () => {
      const s = await store(dir);
      const cids = [
        await s.add(new TextEncoder().encode('not json {')),
        await s.add(json(['an', 'array'])),
        await s.add(json({ name: 'x'.repeat(MAX_CARD_BYTES) })),
        await s.add(json({ name: 'y'.repeat(MAX_CARD_BYTES) }), 4096), // many blocks
      ];
      await s.blockstore.close();
      for (const cid of cids) await modelWithCard(cid);
      const source = await embeddedCardSource(dir);
      try {
        expect(await fetchMissingCards(t.db, source, { now: T0 })).toBe(4);
        for (const cid of cids) expect(await cardRow(cid)).toMatchObject({ status: 'error', retry_at: null });
        expect((await cardRow(cids[2] as string)).error).toMatch(/larger than 65536 bytes/);
        expect((await cardRow(cids[3] as string)).error).toMatch(/larger than 65536 bytes/);
        expect(await fetchMissingCards(t.db, source, { now: later(86_400_000) })).toBe(0);
      } finally {
        await source.close();
      }
    });
  });

  it('backs off 10 s, doubling, up to an hour between fetches of a card that keeps failing', async () => {
    expect([1, 2, 3, 4, 9, 30].map(cardRetryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000, 2_560_000, 3_600_000]);
    const cid = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy').toString();
    await modelWithCard(cid);
    let reads = 0;
    const failing: CardSource = {
      read: async () => {
        reads++;
        throw new Error('store unavailable');
      },
      close: async () => {},
    };
    let now = T0.getTime();
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await fetchMissingCards(t.db, failing, { now: new Date(now) })).toBe(1);
      const row = await cardRow(cid);
      expect(row).toMatchObject({ status: 'error', attempts: attempt, error: 'store unavailable' });
      expect(row.retry_at?.getTime()).toBe(now + cardRetryDelayMs(attempt));
      expect(await fetchMissingCards(t.db, failing, { now: new Date(now + cardRetryDelayMs(attempt) - 1) })).toBe(0);
      now += cardRetryDelayMs(attempt);
    }
    expect(reads).toBe(4);
  });

  describe('from an HTTP gateway', () => {
    let gateway: Server;
    let url: string;
    let blocks: Awaited<ReturnType<typeof store>>;
    /** What the gateway does to a block before it sends it (by CID). */
    const tamper = new Map<string, (bytes: Buffer) => Buffer>();
    /** CIDs the gateway answers with an endless stream, and how many bytes it managed to write. */
    const endless = new Map<string, number>();
    beforeAll(async () => {
      blocks = await store(await mkdtemp(join(tmpdir(), 'modelmint-gateway-')));
      gateway = createServer((req, res) => {
        const m = /^\/ipfs\/([a-z0-9]+)\?format=raw$/.exec(req.url ?? '');
        if (!m?.[1] || req.headers.accept !== 'application/vnd.ipld.raw') {
          res.writeHead(400).end();
          return;
        }
        const cid = m[1];
        if (endless.has(cid)) {
          // 64 MiB, written as fast as the client reads it, until the client goes away.
          const chunk = randomBytes(16 * 1024);
          res.writeHead(200, { 'content-type': 'application/vnd.ipld.raw' });
          const write = () => {
            while ((endless.get(cid) ?? 0) < 64 * 1024 * 1024) {
              endless.set(cid, (endless.get(cid) ?? 0) + chunk.length);
              if (!res.write(chunk)) return void res.once('drain', write);
            }
            res.end();
          };
          write();
          return;
        }
        blocks.block(cid).then(
          (bytes) => res.writeHead(200).end((tamper.get(cid) ?? ((b) => b))(bytes)),
          () => res.writeHead(404).end(),
        );
      });
      gateway.listen(0, '127.0.0.1');
      await once(gateway, 'listening');
      url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      gateway?.close();
      await blocks?.blockstore.close();
    });

    it('reads a one-block card and a card of many blocks, each block checked against its CID', async () => {
      const one = await blocks.add(json({ name: 'Gateway Card', tags: ['remote'] }));
      const many = await blocks.add(json({ name: 'Chunked Card', description: 'z'.repeat(20_000) }), 1024);
      expect(CID.parse(many).code).toBe(0x70); // dag-pb: a root linking its chunks
      const a = await modelWithCard(one);
      const b = await modelWithCard(many);
      expect(await fetchMissingCards(t.db, gatewayCardSource(url), { now: T0 })).toBe(2);
      expect(await modelName(a)).toBe('Gateway Card');
      expect(await modelName(b)).toBe('Chunked Card');
    });

    it('refuses bytes that do not match the CID (in the card or in one of its chunks), then retries', async () => {
      const raw = await blocks.add(json({ name: 'Honest Card' }));
      const chunked = await blocks.add(json({ name: 'Honest Chunks', description: 'q'.repeat(5_000) }), 1024);
      // A leaf of the chunked card: the second link of its root.
      const root = await blocks.block(chunked);
      const leaf = decode(root).Links[1]?.Hash.toString() as string;
      const flip = (bytes: Buffer) => {
        const copy = Buffer.from(bytes);
        copy[copy.length - 2] = (copy[copy.length - 2] ?? 0) ^ 1;
        return copy;
      };
      tamper.set(raw, flip);
      tamper.set(leaf, flip);
      const a = await modelWithCard(raw);
      const b = await modelWithCard(chunked);
      const source = gatewayCardSource(url);
      expect(await fetchMissingCards(t.db, source, { now: T0 })).toBe(2);
      for (const cid of [raw, chunked]) {
        const row = await cardRow(cid);
        expect(row).toMatchObject({ status: 'error', attempts: 1 });
        expect(row.error).toMatch(/do not match/);
        expect(row.retry_at).not.toBeNull();
      }
      expect(await modelName(a)).toBeNull();
      tamper.clear();
      expect(await fetchMissingCards(t.db, source, { now: later(10_000) })).toBe(2);
      expect(await modelName(a)).toBe('Honest Card');
      expect(await modelName(b)).toBe('Honest Chunks');
    });

    it('stops reading a block past the size limit while it streams', async () => {
      const cid = await blocks.add(json({ name: 'Never sent' }));
      endless.set(cid, 0);
      await modelWithCard(cid);
      expect(await fetchMissingCards(t.db, gatewayCardSource(url), { now: T0 })).toBe(1);
      const row = await cardRow(cid);
      expect(row.status).toBe('error');
      expect(row.error).toMatch(/larger than/);
      // The reader hung up long before the 64 MiB the gateway would send (what was written is
      // what the sockets' buffers held, not what was read).
      await new Promise((r) => setTimeout(r, 100));
      expect(endless.get(cid)).toBeLessThan(32 * 1024 * 1024);
    });
  });
});
