import { sql } from 'kysely';
import { chainOf, type EventContext, filled, latestChain } from '../context.js';
import type { VersionPublished, VersionYanked } from '../events.js';

/** A settled training job publishes a version; the model's current version only moves forward. */
export async function onVersionPublished(ctx: EventContext, e: VersionPublished): Promise<void> {
  const version = String(e.version);
  await ctx.trx
    .insertInto('model_versions')
    .values({
      model: e.model,
      version,
      address: e.modelVersion,
      weights_hash: e.weightsHash,
      weights_cid: e.weightsCid,
      dataset_hash: e.datasetHash,
      training_job: e.trainingJob,
      created_at: e.createdAt,
      ...chainOf(ctx),
    })
    .onConflict((oc) =>
      oc.columns(['model', 'version']).doUpdateSet({
        ...Object.fromEntries(
          ['address', 'weights_hash', 'weights_cid', 'dataset_hash', 'training_job', 'created_at'].map(
            (c) => [c, filled('model_versions', c)] as const,
          ),
        ),
        ...latestChain('model_versions'),
      }),
    )
    .execute();
  await ctx.trx
    .insertInto('models')
    .values({ address: e.model, current_version: version, ...chainOf(ctx) })
    .onConflict((oc) =>
      oc.column('address').doUpdateSet({
        current_version: sql`greatest(models.current_version, excluded.current_version)`,
        ...latestChain('models'),
      }),
    )
    .execute();
}

/** `yank_version`: the version stays, marked yanked (a version's weights never change). */
export async function onVersionYanked(ctx: EventContext, e: VersionYanked): Promise<void> {
  await ctx.trx
    .insertInto('model_versions')
    .values({ model: e.model, version: String(e.version), yanked: true, ...chainOf(ctx) })
    .onConflict((oc) =>
      oc.columns(['model', 'version']).doUpdateSet({
        yanked: sql`model_versions.yanked or excluded.yanked`,
        ...latestChain('model_versions'),
      }),
    )
    .execute();
}
