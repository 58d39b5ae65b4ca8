// A model's ratings and its allowlist: what the app's model page and creator
// studio show.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { modelGrants, modelRatings } from '../../repos/model-audience.js';
import type { AppDeps } from '../deps.js';
import { ErrorSchema, validationHook } from '../errors.js';
import { AddressSchema } from '../schemas.js';

const bad = { description: 'Invalid input', content: { 'application/json': { schema: ErrorSchema } } };
const Limit = z.coerce.number().int().min(1).max(1000);

const ratingsRoute = createRoute({
  method: 'get',
  path: '/models/{address}/ratings',
  summary: "A model's ratings: the count of each star (1-5) and the latest ratings",
  request: { params: z.object({ address: AddressSchema }), query: z.object({ limit: Limit.default(20) }) },
  responses: {
    200: {
      description: 'Ratings (counts as decimal strings)',
      content: {
        'application/json': {
          schema: z
            .object({
              histogram: z.array(z.object({ stars: z.number(), count: z.string() })),
              latest: z.array(
                z.object({ job: z.string(), rater: z.string(), rating: z.number(), rated_at: z.string().nullable() }),
              ),
            })
            .openapi('ModelRatings'),
        },
      },
    },
    400: bad,
  },
});

const grantsRoute = createRoute({
  method: 'get',
  path: '/models/{address}/grants',
  summary: "A model's access grants (its allowlist), newest first; revoked grants are marked",
  request: { params: z.object({ address: AddressSchema }), query: z.object({ limit: Limit.default(500) }) },
  responses: {
    200: {
      description: 'Grants (expires_at: unix seconds, 0 = never)',
      content: {
        'application/json': {
          schema: z
            .object({
              items: z.array(
                z.object({
                  wallet: z.string(),
                  expires_at: z.string(),
                  revoked: z.boolean(),
                  slot: z.string(),
                  commitment: z.string(),
                }),
              ),
            })
            .openapi('ModelGrants'),
        },
      },
    },
    400: bad,
  },
});

export function modelAudienceRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(ratingsRoute, async (c) => {
      const { address } = c.req.valid('param');
      return c.json(await modelRatings(deps.db, address, c.req.valid('query').limit), 200);
    })
    .openapi(grantsRoute, async (c) => {
      const { address } = c.req.valid('param');
      const rows = await modelGrants(deps.db, address, c.req.valid('query').limit);
      return c.json(
        { items: rows.map((r) => ({ ...r, expires_at: String(r.expires_at), slot: String(r.slot) })) },
        200,
      );
    });
}
