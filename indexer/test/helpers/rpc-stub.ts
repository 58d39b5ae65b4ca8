import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawTransaction } from '../../src/ingest/decoder.js';

/**
 * A JSON-RPC server answering getSignaturesForAddress (newest first; before / until / limit) and
 * getTransaction from a fixed list of transactions (oldest first): enough for the backfill.
 */
export async function rpcStub(txs: readonly RawTransaction[]): Promise<{ url: string; close: () => Promise<void> }> {
  const newestFirst = [...txs].reverse();
  const bySignature = new Map(txs.map((tx) => [tx.transaction.signatures[0] as string, tx]));
  const position = new Map(newestFirst.map((tx, i) => [tx.transaction.signatures[0] as string, i]));
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const { id, method, params } = JSON.parse(body) as { id: number; method: string; params: unknown[] };
      let result: unknown = null;
      if (method === 'getSignaturesForAddress') {
        const o = (params[1] ?? {}) as { before?: string; until?: string; limit?: number };
        const start = o.before ? (position.get(o.before) ?? -1) + 1 : 0;
        const stop = o.until ? (position.get(o.until) ?? newestFirst.length) : newestFirst.length;
        result = newestFirst.slice(start, Math.min(stop, start + (o.limit ?? 1000))).map((tx) => ({
          signature: tx.transaction.signatures[0],
          slot: Number(tx.slot),
          err: tx.meta?.err ?? null,
          blockTime: Number(tx.blockTime),
          confirmationStatus: 'confirmed',
        }));
      } else if (method === 'getTransaction') {
        const tx = bySignature.get(String(params[0]));
        result = tx ? { ...tx, indexWithinBlock: undefined } : null;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
