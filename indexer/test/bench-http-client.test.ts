// The load generator's HTTP client: keep-alive GETs whose bodies come with a length or chunked,
// more requests than connections (queued), and a server that hangs up (an error, not a hang).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeepAliveClient } from '../src/bench/http-client.js';

describe('the load generator HTTP client', () => {
  const sockets = new Set<unknown>();
  const server = createServer((req, res) => {
    sockets.add(req.socket);
    if (req.url === '/hangup') {
      req.socket.destroy();
      return;
    }
    if (req.url?.startsWith('/chunked')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first,');
      setTimeout(() => res.end('second'), 5);
      return;
    }
    const body = `you asked ${req.url}`;
    res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  let base: string;
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it('reads bodies with a length and chunked ones, queueing beyond its connections, on kept-alive sockets', async () => {
    const client = new KeepAliveClient(base, 2);
    try {
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) => client.get(i % 2 ? `/chunked/${i}` : `/plain/${i}`)),
      );
      replies.forEach((r, i) => {
        expect(r.status).toBe(200);
        expect(r.body.toString()).toBe(i % 2 ? 'first,second' : `you asked /plain/${i}`);
      });
      expect((await client.get('/missing')).status).toBe(404);
      expect(sockets.size).toBeLessThanOrEqual(2);
    } finally {
      client.close();
    }
  });

  it('rejects a request whose connection closes, and goes on with a new one', async () => {
    const client = new KeepAliveClient(base, 1);
    try {
      await expect(client.get('/hangup')).rejects.toThrow();
      expect((await client.get('/plain/again')).body.toString()).toBe('you asked /plain/again');
    } finally {
      client.close();
    }
  });
});
