// Content routes of the app server: uploads (a model card, a prompt, an input
// image, a dataset) go to the IPFS store the oracle reads; reads come from that
// store or from a gateway. The browser checks every CID it is given against the
// bytes it sent or received, so this server is trusted with availability only.
import { Hono } from 'hono';
import { CID } from 'multiformats/cid';
import { type ContentStore, ContentTooLarge, ContentUnavailable, type DirEntry } from '../../gpu-oracle/src/ipfs.js';

/** Largest upload (a dataset of images) and largest file served. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;
export const MAX_READ_BYTES = 64 * 1024 * 1024;

/** Where content is written and read. `gateway` (an HTTP IPFS gateway) serves reads when set. */
export interface ContentOptions {
  store: ContentStore;
  gateway?: string | undefined;
}

const CID_PATTERN = /^b[a-z2-7]{20,100}$/;

/** A relative path inside a dataset directory: no empty, dot or absolute parts. */
export function safeEntryPath(name: string): string | null {
  const parts = name.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))) return null;
  return parts.join('/');
}

export function contentRoutes(o: ContentOptions) {
  return new Hono()
    .post('/content', async (c) => {
      const length = Number(c.req.header('content-length') ?? '0');
      if (length > MAX_UPLOAD_BYTES) return c.json({ error: `upload over ${MAX_UPLOAD_BYTES} bytes` }, 413);
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        return c.json({ error: 'expected multipart/form-data with one or more "file" fields' }, 400);
      }
      const files = form.getAll('file').filter((f): f is File => typeof f !== 'string');
      if (files.length === 0) return c.json({ error: 'no "file" field' }, 400);
      const asDirectory = form.get('directory') === 'true';
      if (!asDirectory && files.length > 1) return c.json({ error: 'several files need directory=true' }, 400);
      const entries: DirEntry[] = [];
      for (const f of files) {
        const path = safeEntryPath(f.name);
        if (!path) return c.json({ error: `invalid file name ${JSON.stringify(f.name)}` }, 400);
        entries.push({ path, content: new Uint8Array(await f.arrayBuffer()) });
      }
      const label = String(form.get('name') ?? 'app-upload').slice(0, 64);
      const first = entries[0];
      const cid =
        asDirectory || !first
          ? await o.store.addDirectory(entries, label)
          : await o.store.addBytes(first.content, label);
      return c.json({ cid: cid.toV1().toString() }, 200);
    })
    .get('/ipfs/:cid', async (c) => {
      const text = c.req.param('cid');
      if (!CID_PATTERN.test(text)) return c.json({ error: 'not a base32 CIDv1' }, 400);
      if (o.gateway) {
        const res = await fetch(`${o.gateway.replace(/\/$/, '')}/ipfs/${text}`);
        return new Response(res.body, { status: res.status, headers: { 'content-type': 'application/octet-stream' } });
      }
      let cid: CID;
      try {
        cid = CID.parse(text);
      } catch {
        return c.json({ error: 'not a CID' }, 400);
      }
      try {
        const bytes = await o.store.cat(cid, MAX_READ_BYTES);
        return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
          'content-type': 'application/octet-stream',
          // Content addressed: the bytes behind a CID never change.
          'cache-control': 'public, max-age=31536000, immutable',
        });
      } catch (e) {
        if (e instanceof ContentTooLarge) return c.json({ error: e.message }, 413);
        if (e instanceof ContentUnavailable) return c.json({ error: 'content not found' }, 404);
        throw e;
      }
    });
}
