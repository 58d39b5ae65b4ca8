import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { DecodedTransaction, RawTransaction } from '../../ingest/decoder.js';
import { secretMatches } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { ErrorSchema, validationHook } from '../errors.js';
import { WebhookBodySchema, WebhookResultSchema } from '../schemas.js';

const helius = createRoute({
  method: 'post',
  path: '/webhooks/helius',
  summary: 'Helius raw-transaction webhook',
  description:
    'Authenticated by the shared secret configured as the webhook auth header (sent as `Authorization`). ' +
    'The whole body is validated and decoded before anything is written.',
  request: { body: { required: true, content: { 'application/json': { schema: WebhookBodySchema } } } },
  responses: {
    200: { description: 'Ingested', content: { 'application/json': { schema: WebhookResultSchema } } },
    400: { description: 'Malformed body', content: { 'application/json': { schema: ErrorSchema } } },
    401: { description: 'Wrong or missing secret', content: { 'application/json': { schema: ErrorSchema } } },
    503: {
      description: 'Webhook disabled (no secret configured)',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

export function webhookRoutes(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  // Authenticate before the body is even parsed.
  app.use('/webhooks/helius', async (c, next) => {
    if (!deps.webhookSecret) {
      deps.metrics.rejected.inc({ route: 'webhooks/helius', reason: 'disabled' });
      return c.json({ error: 'webhook disabled' }, 503);
    }
    if (!secretMatches(c.req.header('authorization'), deps.webhookSecret)) {
      deps.metrics.rejected.inc({ route: 'webhooks/helius', reason: 'unauthorized' });
      return c.json({ error: 'unauthorized' }, 401);
    }
    await next();
  });
  return app.openapi(helius, async (c) => {
    const body = c.req.valid('json');
    const decoded: DecodedTransaction[] = [];
    let skipped = 0;
    for (const raw of body) {
      let tx: DecodedTransaction | null;
      try {
        tx = deps.decoder.decode(raw as RawTransaction, 'confirmed');
      } catch (error) {
        deps.metrics.rejected.inc({ route: 'webhooks/helius', reason: 'undecodable' });
        return c.json({ error: `undecodable transaction: ${(error as Error).message}` }, 400);
      }
      if (tx) decoded.push(tx);
      else skipped++;
    }
    const counts = { received: body.length, new: 0, duplicate: 0, promoted: 0, skipped };
    const newest = decoded.reduce<DecodedTransaction | undefined>(
      (a, b) => (a && BigInt(a.slot) >= BigInt(b.slot) ? a : b),
      undefined,
    );
    if (newest) {
      const results = await deps.ingest.ingestBatch('helius', decoded, {
        cursor: { source: 'helius', slot: newest.slot, signature: newest.signature },
      });
      for (const result of results) counts[result.status]++;
    }
    return c.json(counts, 200);
  });
}
