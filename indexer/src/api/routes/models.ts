import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { getModel, InvalidCursorError, pageBody, searchModelsJson } from '../../repos/models.js';
import type { AppDeps } from '../deps.js';
import { ErrorSchema, validationHook } from '../errors.js';
import { AddressSchema, ModelDetailSchema, ModelPageSchema, ModelsQuerySchema } from '../schemas.js';

const list = createRoute({
  method: 'get',
  path: '/models',
  summary: 'Search, filter and page through models',
  request: { query: ModelsQuerySchema },
  responses: {
    200: { description: 'A page of models', content: { 'application/json': { schema: ModelPageSchema } } },
    400: { description: 'Invalid query', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const detail = createRoute({
  method: 'get',
  path: '/models/{address}',
  summary: 'One model with its versions',
  request: { params: z.object({ address: AddressSchema }) },
  responses: {
    200: { description: 'The model', content: { 'application/json': { schema: ModelDetailSchema } } },
    400: { description: 'Invalid address', content: { 'application/json': { schema: ErrorSchema } } },
    404: { description: 'Unknown model', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

export function modelRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(list, async (c) => {
      try {
        const query = c.req.valid('query');
        const db = deps.readDb ?? deps.db;
        const read = async () => pageBody(await searchModelsJson(db, query));
        // The page's JSON comes built (PostgreSQL writes each item), so it is sent as it is.
        const body = deps.searchCache ? await deps.searchCache.getOrCompute(JSON.stringify(query), read) : await read();
        return c.body(body, 200, { 'content-type': 'application/json' }) as never;
      } catch (error) {
        if (error instanceof InvalidCursorError) return c.json({ error: error.message }, 400);
        throw error;
      }
    })
    .openapi(detail, async (c) => {
      const found = await getModel(deps.db, c.req.valid('param').address);
      if (!found) return c.json({ error: 'model not found' }, 404);
      return c.json(found, 200);
    });
}
