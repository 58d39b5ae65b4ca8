// The JSON-RPC HTTP server (POST /, GET /health), with CORS for browser apps.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Handler, RpcContext } from './context.js';
import { handleBody } from './dispatch.js';
import { stringify } from './json.js';
import { PARSE_ERROR } from './rpc-error.js';

const MAX_BODY = 50 * 1024 * 1024;
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-max-age': '86400',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { ...CORS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function createRpcServer(ctx: RpcContext, methods: Record<string, Handler>): Server {
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    if (req.method === 'GET' && req.url === '/health') {
      send(res, 200, 'ok', 'text/plain');
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, 'Used HTTP Method is not allowed. POST or OPTIONS is required', 'text/plain');
      return;
    }
    readBody(req)
      .then(async (text) => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          send(res, 200, stringify({ jsonrpc: '2.0', error: { code: PARSE_ERROR, message: 'Parse error' }, id: null }));
          return;
        }
        send(res, 200, stringify(await handleBody(ctx, methods, body)));
      })
      .catch((e: unknown) => send(res, 413, String(e), 'text/plain'));
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
