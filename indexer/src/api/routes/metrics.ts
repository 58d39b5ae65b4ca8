import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';

/** Prometheus text exposition (not in the OpenAPI document: it is not JSON). */
export function metricsRoutes(deps: AppDeps) {
  return new Hono().get('/metrics', async (c) => {
    c.header('Content-Type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
}
