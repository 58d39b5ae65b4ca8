import type { EventData } from '../events.js';
import { cidHex } from '../events.js';
import { max, newVersion } from '../fold/rows.js';
import { chainOf } from '../fold/state.js';
import { type FoldContext, loggedTime, modelRow, pairKey } from './context.js';

/** A settled training job publishes a version; it becomes current and a draft model ready. */
export function onVersionPublished(ctx: FoldContext, d: EventData<'VersionPublished'>): void {
  const version = String(d.version);
  ctx.state.versions.set(pairKey(d.model, version), {
    ...newVersion(d.model, version, chainOf(ctx.e)),
    address: ctx.state.pda('version', d.model, version),
    weights_cid: d.weightsCid,
    weights_hash: cidHex(d.weightsCid),
    dataset_cid: d.datasetCid,
    dataset_hash: cidHex(d.datasetCid),
    training_job: d.trainingJob,
    created_at: loggedTime(d.createdAt, ctx.e.blockTime),
  });
  const model = modelRow(ctx, d.model);
  model.version_count = max(model.version_count, version);
  model.current_version = version;
  if (model.status === 'draft' || model.status === 'training') model.status = 'ready';
}

/** `yank_version`: the version stays, yanked; yanking the current one leaves a ready model in draft. */
export function onVersionYanked(ctx: FoldContext, d: EventData<'VersionYanked'>): void {
  const version = String(d.version);
  const key = pairKey(d.model, version);
  const row = ctx.state.versions.get(key) ?? newVersion(d.model, version, chainOf(ctx.e));
  Object.assign(row, { yanked: true, ...chainOf(ctx.e) });
  ctx.state.versions.set(key, row);
  const model = modelRow(ctx, d.model);
  if (model.current_version === version && model.status === 'ready') model.status = 'draft';
  model.current_version = String(d.currentVersion);
}
