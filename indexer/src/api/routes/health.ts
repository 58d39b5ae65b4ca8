import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppDeps } from '../deps.js';
import { validationHook } from '../errors.js';

const HealthSchema = z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']) }).openapi('Health');

const health = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness and database reachability',
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'Database unreachable', content: { 'application/json': { schema: HealthSchema } } },
  },
});

export function healthRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(health, async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
      return c.json({ ok: true, database: deps.dbKind }, 200);
    } catch {
      return c.json({ ok: false, database: deps.dbKind }, 503);
    }
  });
}
