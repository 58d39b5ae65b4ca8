import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveUpdate } from '../../live.js';
import type { AppDeps } from '../deps.js';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events of committed changes. `?keys=a,b` keeps only events concerning those
 * addresses (a job, a model, a wallet). Each message: `event: <EventName>`, `id: <signature>:<index>`,
 * data = the event JSON. (Training progress joins this stream with POST /oracle/progress.)
 */
export function streamRoutes(deps: AppDeps) {
  return new Hono().get('/stream', (c) => {
    const filter = new Set((c.req.query('keys') ?? '').split(',').filter(Boolean));
    return streamSSE(c, async (stream) => {
      const queue: LiveUpdate[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = deps.bus.subscribe((update) => {
        if (filter.size > 0 && !update.keys.some((k) => filter.has(k))) return;
        queue.push(update);
        wake?.();
      });
      deps.metrics.sseClients.inc();
      stream.onAbort(() => {
        unsubscribe();
        deps.metrics.sseClients.dec();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) {
        const update = queue.shift();
        if (update) {
          await stream.writeSSE({
            event: update.name,
            id: `${update.signature}:${update.eventIndex}`,
            data: JSON.stringify({ slot: update.slot, keys: update.keys, event: update.event }),
          });
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, HEARTBEAT_MS);
        });
        wake = null;
        if (queue.length === 0 && !stream.aborted) await stream.write(': heartbeat\n\n');
      }
    });
  });
}
