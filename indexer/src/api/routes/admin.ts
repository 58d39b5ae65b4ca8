import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ChainUpkeep } from '../../upkeep/upkeep.js';
import { secretMatches } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { ErrorSchema, validationHook } from '../errors.js';

const DIFFS_SHOWN = 100;

const ReconcileResultSchema = z
  .object({
    accounts: z.number().openapi({ description: 'Program accounts read from the chain' }),
    differences: z.number().openapi({ description: 'Fields (or whole rows) that differed' }),
    repaired: z.number().openapi({ description: 'Rows changed to match the chain' }),
    diffs: z
      .array(
        z.object({
          table: z.string(),
          key: z.record(z.string(), z.string()),
          field: z.string(),
          db: z.unknown(),
          chain: z.unknown(),
        }),
      )
      .openapi({ description: `The first ${DIFFS_SHOWN} differences` }),
  })
  .openapi('ReconcileResult');

const FinalityResultSchema = z
  .object({ checked: z.number(), promoted: z.number(), dropped: z.number(), moved: z.number() })
  .openapi('FinalityResult');

const refusals = {
  401: { description: 'Wrong or missing admin token', content: { 'application/json': { schema: ErrorSchema } } },
  503: {
    description: 'No admin token configured, or the indexer follows no chain (no RPC URL)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

const reconcileRoute = createRoute({
  method: 'post',
  path: '/admin/reconcile',
  summary: 'Compare every program account with its row, and repair what differs',
  description: 'Bearer token: INDEXER_ADMIN_TOKEN. `repair=false` only reports.',
  request: { query: z.object({ repair: z.enum(['true', 'false']).default('true') }) },
  responses: {
    200: { description: 'Done', content: { 'application/json': { schema: ReconcileResultSchema } } },
    ...refusals,
  },
});

const finalityRoute = createRoute({
  method: 'post',
  path: '/admin/finality',
  summary: 'Settle confirmed rows with the chain (promote finalized, drop vanished)',
  description: 'Bearer token: INDEXER_ADMIN_TOKEN.',
  responses: {
    200: { description: 'Done', content: { 'application/json': { schema: FinalityResultSchema } } },
    ...refusals,
  },
});

/** The upkeep, which the routes' middleware has checked is there. */
function upkeepOf(deps: AppDeps): ChainUpkeep {
  if (!deps.upkeep) throw new Error('no chain upkeep');
  return deps.upkeep;
}

/** Operator routes: reconciliation and finality on demand (they also run on a schedule). */
export function adminRoutes(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use('/admin/*', async (c, next) => {
    if (!deps.adminToken || !deps.upkeep) {
      deps.metrics.rejected.inc({ route: 'admin', reason: 'disabled' });
      return c.json({ error: deps.adminToken ? 'the indexer follows no chain' : 'admin routes disabled' }, 503);
    }
    const presented = c.req.header('authorization')?.replace(/^Bearer /, '');
    if (!secretMatches(presented, deps.adminToken)) {
      deps.metrics.rejected.inc({ route: 'admin', reason: 'unauthorized' });
      return c.json({ error: 'unauthorized' }, 401);
    }
    await next();
  });
  return app
    .openapi(reconcileRoute, async (c) => {
      const result = await upkeepOf(deps).reconcile(c.req.valid('query').repair === 'true');
      return c.json(
        {
          accounts: result.accounts,
          differences: result.diffs.length,
          repaired: result.repaired,
          diffs: result.diffs
            .slice(0, DIFFS_SHOWN)
            .map((d) => ({ table: d.table, key: d.key, field: d.field, db: d.db ?? null, chain: d.chain ?? null })),
        },
        200,
      );
    })
    .openapi(finalityRoute, async (c) => c.json(await upkeepOf(deps).settle(), 200));
}
