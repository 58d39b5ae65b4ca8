import { sql } from 'kysely';
import type { DbOrTrx } from './db/index.js';
import { cidHex } from './ingest/events.js';

/** The searchable part of a model card (the JSON document behind a model's card CID). */
export interface ModelCardFields {
  name?: unknown;
  description?: unknown;
  tags?: unknown;
  image?: unknown;
}

const text = (v: unknown, max: number): string | null => (typeof v === 'string' ? v.slice(0, max) : null);

/** Which fetch of a card this was, and when a failed one may be tried again (null: never). */
export interface CardAttempt {
  attempts: number;
  retryAt: Date | null;
}

/**
 * Stores a fetched model card (by its CID's digest) and copies its name, description, tags and
 * image into every model whose current card it is. A card that could not be fetched or parsed
 * is stored with `status = 'error'` and the time it may be fetched again (`attempt`).
 */
export async function saveCard(
  db: DbOrTrx,
  cid: string,
  card: ModelCardFields | Error,
  attempt: CardAttempt = { attempts: 1, retryAt: null },
): Promise<void> {
  const hash = cidHex(cid);
  if (!hash) throw new TypeError('a card needs a CID');
  const ok = !(card instanceof Error);
  const fields = ok
    ? {
        name: text(card.name, 200),
        description: text(card.description, 10_000),
        tags: Array.isArray(card.tags) ? card.tags.filter((t): t is string => typeof t === 'string').slice(0, 50) : [],
        image: text(card.image, 2_000),
      }
    : { name: null, description: null, tags: [], image: null };
  const result = {
    status: ok ? ('ok' as const) : ('error' as const),
    error: ok ? null : card.message,
    ...fields,
    card: ok ? card : null,
    attempts: attempt.attempts,
    retry_at: ok ? null : attempt.retryAt,
  };
  await db
    .insertInto('model_cards')
    .values({ card_hash: hash, cid, ...result })
    .onConflict((oc) => oc.column('card_hash').doUpdateSet({ ...result, fetched_at: sql`now()` }))
    .execute();
  if (ok) await db.updateTable('models').set(fields).where('card_hash', '=', hash).execute();
}
