// The indexer's API through the app server's /api proxy, with the indexer's own
// typed client (hono `hc` over its route types).
import { createIndexerClient } from '@modelmint/indexer/client';
import type { InferResponseType } from 'hono/client';

const api = createIndexerClient(`${globalThis.location?.origin ?? 'http://127.0.0.1'}/api`);

type Ok<T> = Exclude<T, { error: string }>;
export type ModelPage = Ok<InferResponseType<typeof api.models.$get, 200>>;
export type ModelSummary = ModelPage['items'][number];
export type ModelDetail = Ok<InferResponseType<(typeof api.models)[':address']['$get'], 200>>;
export type ModelRow = ModelDetail['model'];
export type VersionRow = ModelDetail['versions'][number];
export type ModelStats = Ok<InferResponseType<(typeof api.models)[':address']['stats']['$get'], 200>>;
export type RevenueBuckets = InferResponseType<(typeof api.models)[':address']['revenue']['$get'], 200>;
export type JobRow = Ok<InferResponseType<(typeof api.jobs)[':address']['$get'], 200>>;
export type JobPage = InferResponseType<typeof api.jobs.$get, 200>;
export type UserAccess = InferResponseType<(typeof api.users)[':address']['access']['$get'], 200>;
export type DisputeRow = InferResponseType<typeof api.disputes.$get, 200>['items'][number];
export type Ratings = Ok<InferResponseType<(typeof api.models)[':address']['ratings']['$get'], 200>>;
export type Grants = Ok<InferResponseType<(typeof api.models)[':address']['grants']['$get'], 200>>;
export type ProgressRow = InferResponseType<(typeof api.jobs)[':address']['progress']['$get'], 200>['items'][number];
export type ModelsQuery = NonNullable<Parameters<typeof api.models.$get>[0]>['query'];

/** A non-2xx answer of the indexer. */
export class IndexerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function ok<T>(res: { ok: boolean; status: number; json(): Promise<unknown> }): Promise<T> {
  if (res.ok) return (await res.json()) as T;
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  throw new IndexerError(res.status, body.error ?? `indexer answered ${res.status}`);
}

export const indexer = {
  models: (query: ModelsQuery) => api.models.$get({ query }).then((r) => ok<ModelPage>(r)),
  model: (address: string) => api.models[':address'].$get({ param: { address } }).then((r) => ok<ModelDetail>(r)),
  stats: (address: string) => api.models[':address'].stats.$get({ param: { address } }).then((r) => ok<ModelStats>(r)),
  revenue: (address: string, bucket: 'hour' | 'day' | 'week' | 'month') =>
    api.models[':address'].revenue.$get({ param: { address }, query: { bucket } }).then((r) => ok<RevenueBuckets>(r)),
  ratings: (address: string) =>
    api.models[':address'].ratings.$get({ param: { address }, query: {} }).then((r) => ok<Ratings>(r)),
  grants: (address: string) =>
    api.models[':address'].grants.$get({ param: { address }, query: {} }).then((r) => ok<Grants>(r)),
  progress: (job: string) =>
    api.jobs[':address'].progress.$get({ param: { address: job } }).then((r) => ok<{ items: ProgressRow[] }>(r)),
  job: (address: string) => api.jobs[':address'].$get({ param: { address } }).then((r) => ok<JobRow>(r)),
  jobs: (query: { requester?: string; model?: string; limit?: string; cursor?: string }) =>
    api.jobs.$get({ query }).then((r) => ok<JobPage>(r)),
  access: (wallet: string) =>
    api.users[':address'].access.$get({ param: { address: wallet } }).then((r) => ok<UserAccess>(r)),
  disputes: (status: 'open' | 'resolved') =>
    api.disputes.$get({ query: { status } }).then((r) => ok<{ items: DisputeRow[] }>(r)),
};
