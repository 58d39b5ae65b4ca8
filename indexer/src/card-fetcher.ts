/**
 * Fills model cards from IPFS: every model whose card CID has no `model_cards` row yet, or whose
 * last fetch failed and is due again, gets its card fetched (at most 64 KiB of JSON), parsed and
 * saved with `saveCard`, which copies name, description, tags and image into the model for search.
 * A failed fetch (store or gateway unavailable, bytes that do not match the CID) is retried with
 * exponential backoff; a card whose content is unusable (too large, not a JSON object) is not,
 * since a CID always names the same bytes.
 */
import { unixfs } from '@helia/unixfs';
import { FsBlockstore } from 'blockstore-fs';
import { CID } from 'multiformats/cid';
import { type CardAttempt, type ModelCardFields, saveCard } from './cards.js';
import type { Db } from './db/index.js';
import { readVerifiedBlock, UnsupportedHashError } from './ipfs-blocks.js';

/** Largest card read, bytes. */
export const MAX_CARD_BYTES = 64 * 1024;

/** A card that can never be used, whatever the store answers next time: not retried. */
export class UnusableCardError extends Error {}

/** Where card bytes come from. */
export interface CardSource {
  /** The card's bytes; throws `UnusableCardError` past `MAX_CARD_BYTES`. */
  read(cid: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

type Blocks = Parameters<typeof unixfs>[0]['blockstore'];

/** A UnixFS file's bytes from `blocks`, reading no more than one byte past the limit. */
async function catLimited(blocks: Blocks, cid: string, options: { offline?: boolean } = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of unixfs({ blockstore: blocks }).cat(CID.parse(cid), {
    ...options,
    length: MAX_CARD_BYTES + 1,
  })) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_CARD_BYTES) throw new UnusableCardError(`card larger than ${MAX_CARD_BYTES} bytes`);
  }
  return Buffer.concat(chunks);
}

/** The embedded IPFS store of the local stack (a blockstore-fs folder, read-only here). */
export async function embeddedCardSource(dir: string): Promise<CardSource> {
  const blockstore = new FsBlockstore(`${dir}/blocks`);
  await blockstore.open();
  return {
    read: (cid) => catLimited(blockstore, cid, { offline: true }),
    close: () => blockstore.close(),
  };
}

/**
 * Any HTTP IPFS gateway (Kubo's, a public one) as a trustless gateway: each block of the card is
 * fetched as `GET <url>/ipfs/<block cid>?format=raw`, read up to a size limit while it streams,
 * and checked against its CID's hash before UnixFS reads it, so a gateway cannot serve other
 * bytes than the CID names.
 */
export function gatewayCardSource(url: string, options: { timeoutMs?: number } = {}): CardSource {
  const base = url.replace(/\/$/, '');
  const blocks = {
    async *get(cid: CID, opts?: { signal?: AbortSignal }) {
      const signal = AbortSignal.any([
        AbortSignal.timeout(options.timeoutMs ?? 10_000),
        ...(opts?.signal ? [opts.signal] : []),
      ]);
      // A block larger than the card limit (plus its UnixFS framing) cannot belong to a usable card.
      yield await readVerifiedBlock(`${base}/ipfs/${cid.toString()}?format=raw`, cid, MAX_CARD_BYTES + 1024, signal);
    },
    has: async () => false,
    put: async (): Promise<CID> => {
      throw new Error('the gateway card source is read-only');
    },
  } as unknown as Blocks;
  return { read: (cid) => catLimited(blocks, cid), close: async () => {} };
}

/** Delay before the next fetch of a card whose `attempts`-th fetch failed: 10 s, doubling, at most 1 h. */
export function cardRetryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface FetchCardsOptions {
  /** Most cards fetched in one call. */
  limit?: number;
  /** The current time (tests move it). */
  now?: Date;
}

/** Fetches up to `limit` cards that are missing or due for a retry; returns how many were saved (ok or error). */
export async function fetchMissingCards(db: Db, source: CardSource, options: FetchCardsOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const due = await db
    .selectFrom('models')
    .leftJoin('model_cards', 'model_cards.card_hash', 'models.card_hash')
    .select(['models.card_cid as cid', 'model_cards.attempts as attempts'])
    .where('models.card_cid', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('model_cards.card_hash', 'is', null),
        eb.and([eb('model_cards.status', '=', 'error'), eb('model_cards.retry_at', '<=', now)]),
      ]),
    )
    .distinct()
    .limit(options.limit ?? 50)
    .execute();
  let saved = 0;
  for (const { cid, attempts: before } of due) {
    if (!cid) continue;
    const attempts = (before ?? 0) + 1;
    let card: ModelCardFields | Error;
    let attempt: CardAttempt = { attempts, retryAt: null };
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(await source.read(cid)));
      card =
        parsed && typeof parsed === 'object' && !Array.isArray(parsed)
          ? (parsed as ModelCardFields)
          : new UnusableCardError('card is not a JSON object');
    } catch (e) {
      card = e instanceof Error ? e : new Error(String(e));
      // JSON.parse's SyntaxError is about the content too, an unknown hash about the CID.
      if (!(e instanceof UnusableCardError || e instanceof SyntaxError || e instanceof UnsupportedHashError)) {
        attempt = { attempts, retryAt: new Date(now.getTime() + cardRetryDelayMs(attempts)) };
      }
    }
    await saveCard(db, cid, card, attempt);
    saved += 1;
  }
  return saved;
}
