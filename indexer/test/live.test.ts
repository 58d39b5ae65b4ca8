// The live source's errors reach its caller as Errors saying what failed (main.ts logs them).
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { watchProgramLogs } from '../src/sources/live.js';

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('live source errors', () => {
  it('reports a websocket that cannot connect as a websocket error naming the URL', async () => {
    const wsUrl = `ws://127.0.0.1:${await closedPort()}`;
    const errors: [string, string][] = [];
    const live = watchProgramLogs({
      wsUrl,
      programId: '11111111111111111111111111111111',
      catchUp: async () => {},
      onError: (error, stage) => errors.push([stage, error.message]),
    });
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    live.close();
    expect(errors[0]?.[0]).toBe('websocket');
    expect(errors[0]?.[1]).toContain(wsUrl);
  });
});
