/**
 * Fills model cards from IPFS: every model whose card CID has no `model_cards` row yet gets
 * its card fetched (at most 64 KiB of JSON), parsed and saved with `saveCard`, which copies
 * name, description, tags and image into the model for search. A card that cannot be read
 * or parsed is stored as an error so it is not fetched again and again.
 */
import { unixfs } from '@helia/unixfs';
import { FsBlockstore } from 'blockstore-fs';
import { CID } from 'multiformats/cid';
import { type ModelCardFields, saveCard } from './cards.js';
import type { Db } from './db/index.js';

/** Largest card read, bytes. */
export const MAX_CARD_BYTES = 64 * 1024;

/** Where card bytes come from. */
export interface CardSource {
  read(cid: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** The embedded IPFS store of the local stack (a blockstore-fs folder, read-only here). */
export async function embeddedCardSource(dir: string): Promise<CardSource> {
  const blockstore = new FsBlockstore(`${dir}/blocks`);
  await blockstore.open();
  const fs = unixfs({ blockstore });
  return {
    async read(cid) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of fs.cat(CID.parse(cid), { offline: true, length: MAX_CARD_BYTES + 1 })) {
        chunks.push(chunk);
        size += chunk.length;
      }
      if (size > MAX_CARD_BYTES) throw new Error(`card larger than ${MAX_CARD_BYTES} bytes`);
      return Buffer.concat(chunks);
    },
    close: () => blockstore.close(),
  };
}

/** Any HTTP IPFS gateway (Kubo's, a public one): `GET <url>/ipfs/<cid>`. */
export function gatewayCardSource(url: string): CardSource {
  return {
    async read(cid) {
      const res = await fetch(`${url.replace(/\/$/, '')}/ipfs/${cid}`, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`gateway answered ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.length > MAX_CARD_BYTES) throw new Error(`card larger than ${MAX_CARD_BYTES} bytes`);
      return bytes;
    },
    close: async () => {},
  };
}

/** Fetches up to `limit` missing cards; returns how many were saved (ok or error). */
export async function fetchMissingCards(db: Db, source: CardSource, limit = 50): Promise<number> {
  const missing = await db
    .selectFrom('models')
    .leftJoin('model_cards', 'model_cards.card_hash', 'models.card_hash')
    .select(['models.card_cid as cid'])
    .where('model_cards.card_hash', 'is', null)
    .where('models.card_cid', 'is not', null)
    .distinct()
    .limit(limit)
    .execute();
  let saved = 0;
  for (const { cid } of missing) {
    if (!cid) continue;
    let card: ModelCardFields | Error;
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(await source.read(cid)));
      card =
        parsed && typeof parsed === 'object' ? (parsed as ModelCardFields) : new Error('card is not a JSON object');
    } catch (e) {
      card = e instanceof Error ? e : new Error(String(e));
    }
    await saveCard(db, cid, card);
    saved += 1;
  }
  return saved;
}
