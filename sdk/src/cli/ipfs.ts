// Content for the chain: the CLI computes CIDs the way the oracle does (CIDv1,
// sha2-256, UnixFS raw leaves, 1 MiB chunks; a file of at most 1 MiB is one
// raw block whose CID is the SDK's `rawCid`) and stores the content in the
// local stack's embedded IPFS folder (`--ipfs-dir`) or a Kubo daemon
// (`--kubo-url`) when one is given.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { cidToString } from '../cid.js';
import { StalledError, withStallLimit } from '../deadline.js';
import { CliError } from './errors.js';
import { expandHome } from './keys.js';

/** Largest UnixFS chunk; files up to this size are a single raw block. */
export const CHUNK_SIZE = 1024 * 1024;

const IMPORT_OPTIONS = {
  profile: 'unixfs-v1-2025',
  cidVersion: 1,
  rawLeaves: true,
  reduceSingleLeafToSelf: true,
} as const;

/** Where content goes. */
export interface ContentStore {
  /** `embedded DIR` or `kubo URL`. */
  readonly description: string;
  /** Stores bytes as one UnixFS file; returns the 36-byte CID. */
  addBytes(bytes: Uint8Array, name?: string): Promise<Uint8Array>;
  /** Stores a local file or directory (recursively, hidden entries skipped). */
  addPath(path: string, name?: string): Promise<Uint8Array>;
  /** Reads a whole file. */
  cat(cid: Uint8Array, maxBytes: number): Promise<Uint8Array>;
  /** Writes a file (to `dest`) or a directory tree (under `dest`), at most `maxBytes` in all. */
  fetchTo(cid: Uint8Array, dest: string, maxBytes: number): Promise<'file' | 'directory'>;
  close(): Promise<void>;
}

/** `root`/`path`, refusing paths that leave `root` (a directory entry named `..`). */
function safeJoin(root: string, path: string): string {
  const out = resolve(root, path);
  if (out !== resolve(root) && !out.startsWith(resolve(root) + sep))
    throw new CliError('UnsafePath', `unsafe path "${path}"`);
  return out;
}

/** Non-hidden files of a directory, recursively, sorted (as the oracle lists them). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(relative(dir, p));
    }
  };
  await walk(dir);
  return out;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function cidBytesOf(cid: { toV1(): { bytes: Uint8Array } }): Promise<Uint8Array> {
  const bytes = cid.toV1().bytes;
  if (bytes.length !== 36) throw new CliError('InvalidCid', 'the store returned a CID without a sha2-256 multihash');
  return Uint8Array.from(bytes);
}

/** The embedded store: `@helia/unixfs` over `blockstore-fs` in `dir/blocks`, pins in `dir/pins.jsonl`. */
export async function openEmbedded(dirArg: string, pin = true): Promise<ContentStore> {
  const dir = expandHome(dirArg);
  const [{ FsBlockstore }, { unixfs }, { CID }] = await Promise.all([
    import('blockstore-fs'),
    import('@helia/unixfs'),
    import('multiformats/cid'),
  ]);
  await mkdir(dir, { recursive: true });
  const blockstore = new FsBlockstore(join(dir, 'blocks'));
  await blockstore.open();
  const fs = unixfs({ blockstore });
  const record = async (cid: { toString(): string }, name?: string) => {
    if (pin) {
      await appendFile(join(dir, 'pins.jsonl'), `${JSON.stringify({ cid: cid.toString(), name, at: Date.now() })}\n`);
    }
  };
  return {
    description: `embedded ${dir}`,
    async addBytes(bytes, name) {
      const cid = await fs.addBytes(bytes, IMPORT_OPTIONS);
      await record(cid, name);
      return cidBytesOf(cid);
    },
    async addPath(path, name) {
      const s = await stat(path);
      if (s.isFile()) {
        const cid = await fs.addByteStream(createReadStream(path), IMPORT_OPTIONS);
        await record(cid, name);
        return cidBytesOf(cid);
      }
      const files = await listFiles(path);
      let root: { toString(): string; toV1(): { bytes: Uint8Array } } | undefined;
      for await (const r of fs.addAll(
        files.map((f) => ({ path: f.split(sep).join('/'), content: createReadStream(join(path, f)) })),
        { ...IMPORT_OPTIONS, wrapWithDirectory: true },
      )) {
        root = r.cid;
      }
      if (!root) root = await fs.addDirectory({}, IMPORT_OPTIONS);
      await record(root, name);
      return cidBytesOf(root);
    },
    async cat(cidBytes, maxBytes) {
      const chunks: Uint8Array[] = [];
      let n = 0;
      for await (const c of fs.cat(CID.decode(cidBytes), { offline: true })) {
        n += c.length;
        if (n > maxBytes) throw new CliError('ContentTooLarge', `${cidToString(cidBytes)} is over ${maxBytes} bytes`);
        chunks.push(c);
      }
      return concat(chunks);
    },
    async fetchTo(cidBytes, dest, maxBytes) {
      const budget = { left: maxBytes };
      const write = async (cid: InstanceType<typeof CID>, path: string) => {
        const chunks: Uint8Array[] = [];
        for await (const c of fs.cat(cid, { offline: true })) {
          budget.left -= c.length;
          if (budget.left < 0)
            throw new CliError('ContentTooLarge', `${cidToString(cidBytes)} is over ${maxBytes} bytes`);
          chunks.push(c);
        }
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, concat(chunks));
      };
      const walk = async (cid: InstanceType<typeof CID>, dir: string): Promise<'file' | 'directory'> => {
        if ((await fs.stat(cid, { offline: true })).type !== 'directory') {
          await write(cid, dir);
          return 'file';
        }
        await mkdir(dir, { recursive: true });
        for await (const e of fs.ls(cid, { offline: true })) await walk(e.cid, safeJoin(dir, e.name));
        return 'directory';
      };
      return walk(CID.decode(cidBytes), dest);
    },
    close: () => blockstore.close(),
  };
}

/** Limit on a Kubo call without progress (no response, no chunk), ms. */
export const KUBO_STALL_MS = 30_000;

/**
 * A Kubo daemon's RPC API. Every call carries an abort signal that fires when it makes
 * no progress for `stallMs` (a daemon asked for content nobody provides waits forever)
 * or when the store is closed; it then fails with `IpfsTimeout`.
 */
export async function openKubo(url: string, o: { stallMs?: number } = {}): Promise<ContentStore> {
  const [{ create }, { CID }] = await Promise.all([import('kubo-rpc-client'), import('multiformats/cid')]);
  const client = create({ url });
  const stallMs = o.stallMs ?? KUBO_STALL_MS;
  const closing = new AbortController();
  const call = <T>(what: string, fn: (signal: AbortSignal, touch: () => void) => Promise<T>): Promise<T> =>
    withStallLimit(stallMs, `kubo ${what} (${url})`, closing.signal, fn).catch((e: unknown) => {
      if (e instanceof StalledError) throw new CliError('IpfsTimeout', e.message);
      throw e;
    });
  const addOptions = (signal: AbortSignal) =>
    ({
      cidVersion: 1,
      rawLeaves: true,
      chunker: `size-${CHUNK_SIZE}`,
      hashAlg: 'sha2-256',
      pin: true,
      signal,
    }) as const;
  const addBytes = (bytes: Uint8Array) =>
    call('add', async (signal) => cidBytesOf(CID.parse((await client.add(bytes, addOptions(signal))).cid.toString())));
  return {
    description: `kubo ${url}`,
    addBytes,
    async addPath(path) {
      const s = await stat(path);
      if (s.isFile()) return addBytes(await readFile(path));
      const files = await listFiles(path);
      const entries = await Promise.all(
        files.map(async (f) => ({ path: f.split(sep).join('/'), content: await readFile(join(path, f)) })),
      );
      return call('add directory', async (signal, touch) => {
        let root: string | undefined;
        for await (const r of client.addAll(entries, { ...addOptions(signal), wrapWithDirectory: true })) {
          touch();
          if (r.path === '') root = r.cid.toString();
        }
        if (!root) throw new CliError('IpfsError', 'kubo returned no directory root');
        return cidBytesOf(CID.parse(root));
      });
    },
    cat: (cidBytes, maxBytes) =>
      call(`cat ${cidToString(cidBytes)}`, async (signal, touch) => {
        const chunks: Uint8Array[] = [];
        let n = 0;
        for await (const c of client.cat(CID.decode(cidBytes).toString(), { signal })) {
          touch();
          n += c.length;
          if (n > maxBytes) throw new CliError('ContentTooLarge', `${cidToString(cidBytes)} is over ${maxBytes} bytes`);
          chunks.push(c);
        }
        return concat(chunks);
      }),
    async fetchTo(cidBytes, dest, maxBytes) {
      let left = maxBytes;
      const cat = (cid: string) =>
        call(`cat ${cid}`, async (signal, touch) => {
          const chunks: Uint8Array[] = [];
          for await (const c of client.cat(cid, { signal })) {
            touch();
            left -= c.length;
            if (left < 0) throw new CliError('ContentTooLarge', `${cidToString(cidBytes)} is over ${maxBytes} bytes`);
            chunks.push(c);
          }
          return concat(chunks);
        });
      const ls = (cid: string) =>
        call(`ls ${cid}`, async (signal, touch) => {
          const out: { name: string; cid: string; dir: boolean }[] = [];
          for await (const e of client.ls(cid, { signal })) {
            touch();
            out.push({ name: e.name, cid: e.cid.toString(), dir: e.type === 'dir' });
          }
          return out;
        });
      const root = CID.decode(cidBytes).toString();
      const type = await call(
        `stat ${root}`,
        async (signal) => (await client.files.stat(`/ipfs/${root}`, { signal })).type,
      );
      if (type !== 'directory') {
        await mkdir(dirname(dest), { recursive: true });
        await writeFile(dest, await cat(root));
        return 'file';
      }
      const walk = async (list: { name: string; cid: string; dir: boolean }[], dir: string) => {
        await mkdir(dir, { recursive: true });
        for (const e of list) {
          const target = safeJoin(dir, e.name);
          if (e.dir) await walk(await ls(e.cid), target);
          else await writeFile(target, await cat(e.cid));
        }
      };
      await walk(await ls(root), dest);
      return 'directory';
    },
    async close() {
      closing.abort(new CliError('IpfsClosed', 'the IPFS store was closed'));
    },
  };
}

/** The CID a path would get, without storing it anywhere (a scratch blockstore). */
export async function cidOfPath(path: string): Promise<Uint8Array> {
  const scratch = await mkdtemp(join(tmpdir(), 'modelmint-cid-'));
  const store = await openEmbedded(scratch, false);
  try {
    return await store.addPath(path);
  } finally {
    await store.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
