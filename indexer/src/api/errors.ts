import { type OpenAPIHonoOptions, z } from '@hono/zod-openapi';
import type { Env } from 'hono';

export const ErrorSchema = z
  .object({
    error: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Error');

/** Invalid input: 400 with the issues, before any handler runs (so nothing is written). */
export const validationHook: OpenAPIHonoOptions<Env>['defaultHook'] = (result, c) => {
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return c.json({ error: 'invalid request', issues }, 400);
  }
};
