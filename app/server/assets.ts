// The built app's files, read once and gzipped once at start: served from
// memory (content-hashed names, cached for good), never compressed per request.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

interface Asset {
  type: string;
  raw: Uint8Array;
  gzip: Uint8Array | null;
}

/** Every file under `dir/assets`, keyed by its URL path (`/assets/<name>`). */
export function loadAssets(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  let names: string[] = [];
  try {
    names = readdirSync(join(dir, 'assets'));
  } catch {
    return out; // not built yet: the index route says so
  }
  for (const name of names) {
    const raw = new Uint8Array(readFileSync(join(dir, 'assets', name)));
    const type = TYPES[extname(name)] ?? 'application/octet-stream';
    const compressible = type.startsWith('text/') || type === 'image/svg+xml';
    out.set(`/assets/${name}`, { type, raw, gzip: compressible ? new Uint8Array(gzipSync(raw, { level: 9 })) : null });
  }
  return out;
}

/** Serves an asset, gzipped when the client takes it; undefined when there is no such file. */
export function serveAsset(assets: Map<string, Asset>, c: Context): Response | undefined {
  const a = assets.get(c.req.path);
  if (!a) return undefined;
  const gzip = a.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const body = gzip && a.gzip ? a.gzip : a.raw;
  return new Response(body as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': a.type,
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    },
  });
}
