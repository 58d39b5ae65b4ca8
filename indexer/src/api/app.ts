import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from './deps.js';
import { validationHook } from './errors.js';
import { adminRoutes } from './routes/admin.js';
import { healthRoutes } from './routes/health.js';
import { marketRoutes } from './routes/market.js';
import { metricsRoutes } from './routes/metrics.js';
import { modelAudienceRoutes } from './routes/model-audience.js';
import { modelRoutes } from './routes/models.js';
import { progressRoutes } from './routes/progress.js';
import { streamRoutes } from './routes/stream.js';
import { webhookRoutes } from './routes/webhooks.js';

/** The indexer's HTTP API. Its type (`AppType`) drives the typed client in client.ts. */
export function createApp(deps: AppDeps) {
  const cache = deps.searchCache;
  if (cache) deps.bus.subscribe(() => cache.clear());
  const app = new OpenAPIHono({ defaultHook: validationHook })
    .route('/', healthRoutes(deps))
    .route('/', metricsRoutes(deps))
    .route('/', modelRoutes(deps))
    .route('/', marketRoutes(deps))
    .route('/', modelAudienceRoutes(deps))
    .route('/', webhookRoutes(deps))
    .route('/', progressRoutes(deps))
    .route('/', streamRoutes(deps))
    .route('/', adminRoutes(deps));
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'modelmint indexer',
      version: '0.1.0',
      description: 'Chain state and events of modelmint, mirrored.',
    },
  });
  app.onError((error, c) => {
    // Hono's own 4xx (e.g. a body that is not JSON) keep their status; nothing was written.
    if (error instanceof HTTPException && error.status < 500) return c.json({ error: error.message }, error.status);
    console.error('indexer: request failed', error);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
