import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { disputes, getJob, listJobs, modelStats, oracles, revenue, userAccess } from '../../repos/market.js';
import { InvalidCursorError } from '../../repos/models.js';
import type { AppDeps } from '../deps.js';
import { ErrorSchema, validationHook } from '../errors.js';
import { AddressSchema } from '../schemas.js';

const Int8 = z.string().regex(/^-?[0-9]+$/);
const Str = z.string().nullable();
const JOB_STATUS = ['open', 'claimed', 'delivered', 'disputed', 'settled', 'refunded'] as const;

const TimelineSchema = z.object({
  signature: z.string(),
  event_index: z.number(),
  event: z.string(),
  status: Str,
  actor: Str,
  slot: z.string(),
  block_time: Str,
  commitment: z.string(),
});

const JobSchema = z
  .looseObject({
    address: z.string(),
    requester: Str,
    model: Str,
    oracle: Str,
    kind: Str,
    mode: Str,
    status: z.enum(JOB_STATUS),
    outcome: Str,
    escrowed: Str,
    mint: Str,
    created_at: Str,
    deadline: Str,
    delivered_at: Str,
    result_cid: Str,
    closed: z.boolean(),
    timeline: z.array(TimelineSchema),
  })
  .openapi('Job');

const JobsQuerySchema = z.object({
  requester: AddressSchema.optional(),
  model: AddressSchema.optional(),
  oracle: AddressSchema.optional(),
  status: z.enum(JOB_STATUS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});

const Address = z.object({ address: AddressSchema });
const bad = { description: 'Invalid input', content: { 'application/json': { schema: ErrorSchema } } };
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const jobsRoute = createRoute({
  method: 'get',
  path: '/jobs',
  summary: 'Jobs by requester, model and/or oracle, newest first, each with its timeline',
  request: { query: JobsQuerySchema },
  responses: {
    200: json(z.object({ items: z.array(JobSchema), nextCursor: z.string().nullable() }).openapi('JobPage'), 'A page'),
    400: bad,
  },
});
const jobRoute = createRoute({
  method: 'get',
  path: '/jobs/{address}',
  summary: 'One job with its timeline',
  request: { params: Address },
  responses: { 200: json(JobSchema, 'The job'), 400: bad, 404: json(ErrorSchema, 'Unknown job') },
});

const RowSchema = z.looseObject({ model: z.string(), wallet: z.string(), slot: z.string(), commitment: z.string() });
const userRoute = createRoute({
  method: 'get',
  path: '/users/{address}/access',
  summary: "A wallet's subscriptions, passes and access grants",
  request: { params: Address },
  responses: {
    200: json(
      z
        .object({ subscriptions: z.array(RowSchema), passes: z.array(RowSchema), grants: z.array(RowSchema) })
        .openapi('UserAccess'),
      'Rows by kind',
    ),
    400: bad,
  },
});

const revenueRoute = createRoute({
  method: 'get',
  path: '/models/{address}/revenue',
  summary: 'Revenue of a model over time (uses and subscriptions), from the payments ledger',
  request: {
    params: Address,
    query: z.object({
      bucket: z.enum(['hour', 'day', 'week', 'month']).default('day'),
      from: Int8.optional().openapi({ description: 'unix seconds, inclusive' }),
      to: Int8.optional().openapi({ description: 'unix seconds, exclusive' }),
    }),
  },
  responses: {
    200: json(
      z
        .object({
          items: z.array(
            z.object({
              start: z.string(),
              gross: z.string(),
              creator: z.string(),
              fees: z.string(),
              payments: z.string(),
            }),
          ),
        })
        .openapi('Revenue'),
      'Buckets (u64 sums as decimal strings)',
    ),
    400: bad,
  },
});

const disputesRoute = createRoute({
  method: 'get',
  path: '/disputes',
  summary:
    'The disputes queue (open, oldest first), resolved disputes, or expired ones (left unresolved past resolve_by and refunded in full)',
  request: {
    query: z.object({
      status: z.enum(['open', 'resolved', 'expired']).default('open'),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(z.looseObject({ job: z.string(), status: z.string() })) }), 'Disputes'),
    400: bad,
  },
});

const oraclesRoute = createRoute({
  method: 'get',
  path: '/oracles',
  summary: 'Oracles with their counters, jobs in progress and average response time',
  responses: {
    200: json(z.object({ items: z.array(z.looseObject({ address: z.string() })) }).openapi('Oracles'), 'Oracles'),
  },
});

const statsRoute = createRoute({
  method: 'get',
  path: '/models/{address}/stats',
  summary: 'Uses, revenue, rating, success and failure rates, average response time of a model',
  request: { params: Address },
  responses: {
    200: json(
      z
        .object({
          uses: z.string(),
          gross_revenue: z.string(),
          withdrawn: z.string(),
          rating: z.number().nullable(),
          rating_count: z.string(),
          jobs: z.string(),
          settled: z.string(),
          failed: z.string(),
          expired: z.string(),
          disputed: z.string(),
          open: z.string(),
          success_rate: z.number().nullable(),
          failure_rate: z.number().nullable(),
          avg_response_secs: z.number().nullable(),
        })
        .openapi('ModelStats'),
      'Figures (u64 as decimal strings)',
    ),
    400: bad,
    404: json(ErrorSchema, 'Unknown model'),
  },
});

export function marketRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(jobsRoute, async (c) => {
      try {
        return c.json(await listJobs(deps.db, c.req.valid('query')), 200);
      } catch (error) {
        if (error instanceof InvalidCursorError) return c.json({ error: error.message }, 400);
        throw error;
      }
    })
    .openapi(jobRoute, async (c) => {
      const job = await getJob(deps.db, c.req.valid('param').address);
      return job ? c.json(job, 200) : c.json({ error: 'job not found' }, 404);
    })
    .openapi(userRoute, async (c) => c.json(await userAccess(deps.db, c.req.valid('param').address), 200))
    .openapi(revenueRoute, async (c) => {
      const { bucket, from, to } = c.req.valid('query');
      return c.json({ items: await revenue(deps.db, c.req.valid('param').address, bucket, from, to) }, 200);
    })
    .openapi(disputesRoute, async (c) => {
      const { status, limit } = c.req.valid('query');
      return c.json({ items: await disputes(deps.db, status, limit) }, 200);
    })
    .openapi(oraclesRoute, async (c) => c.json({ items: await oracles(deps.db) }, 200))
    .openapi(statsRoute, async (c) => {
      const address = c.req.valid('param').address;
      const model = await deps.db
        .selectFrom('models')
        .select(['uses', 'gross_revenue', 'withdrawn', 'rating_sum', 'rating_count'])
        .where('address', '=', address)
        .executeTakeFirst();
      const stats = await modelStats(deps.db, address);
      if (!model || !stats) return c.json({ error: 'model not found' }, 404);
      const count = Number(model.rating_count);
      return c.json(
        {
          uses: model.uses,
          gross_revenue: model.gross_revenue,
          withdrawn: model.withdrawn,
          rating: count === 0 ? null : Number(model.rating_sum) / count,
          rating_count: model.rating_count,
          jobs: stats.jobs,
          settled: stats.settled,
          failed: stats.failed,
          expired: stats.expired,
          disputed: stats.disputed,
          open: stats.open,
          success_rate: stats.success_rate,
          failure_rate: stats.failure_rate,
          avg_response_secs: stats.avg_response_secs,
        },
        200,
      );
    });
}
