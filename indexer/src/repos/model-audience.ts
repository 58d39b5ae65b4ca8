import type { DbOrTrx } from '../db/index.js';

/** A model's ratings: how many of each star, and the latest ones. */
export async function modelRatings(db: DbOrTrx, model: string, limit: number) {
  const [counts, latest] = await Promise.all([
    db
      .selectFrom('ratings')
      .select(['rating', db.fn.countAll<string>().as('count')])
      .where('model', '=', model)
      .groupBy('rating')
      .execute(),
    db
      .selectFrom('ratings')
      .select(['job', 'rater', 'rating', 'rated_at'])
      .where('model', '=', model)
      .orderBy('pos', 'desc')
      .limit(limit)
      .execute(),
  ]);
  const histogram = [1, 2, 3, 4, 5].map((stars) => ({
    stars,
    count: String(counts.find((c) => Number(c.rating) === stars)?.count ?? 0),
  }));
  return { histogram, latest: latest.map((r) => ({ ...r, rating: Number(r.rating) })) };
}

/** A model's access grants (the allowlist), newest first, revoked ones included and marked. */
export async function modelGrants(db: DbOrTrx, model: string, limit: number) {
  return db
    .selectFrom('access_grants')
    .select(['wallet', 'expires_at', 'revoked', 'slot', 'commitment'])
    .where('model', '=', model)
    .orderBy('pos', 'desc')
    .limit(limit)
    .execute();
}
