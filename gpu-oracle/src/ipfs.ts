// Content storage behind one interface: an embedded UnixFS store over a
// filesystem blockstore (the default, no network), or a Kubo daemon over its
// RPC API. Both produce the same CIDs for the same content (CIDv1, sha2-256,
// raw leaves, 1 MiB chunks: the `unixfs-v1-2025` profile), so a result
// pinned by one can be checked against the other.
//
// The CID rule: a file that fits in one chunk (<= 1 MiB) is stored as a
// single raw block, so its CID is `bafkrei…` (codec raw, 0x55) and the digest
// inside the CID is sha256 of the file's bytes. Larger files and directories
// get a dag-pb root (`bafybei…`, codec 0x70) whose digest is the root node's.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { type AddOptions, type UnixFS, unixfs } from '@helia/unixfs';
import { StalledError, withStallLimit } from '@modelmint/sdk';
import { FsBlockstore } from 'blockstore-fs';
import { CID } from 'multiformats/cid';

/** Largest chunk; files up to this size are one raw block. */
export const CHUNK_SIZE = 1024 * 1024;

/** Importer options that give the same CIDs as `ipfs add --cid-version 1 --raw-leaves --chunker size-1048576`. */
export const IMPORT_OPTIONS = {
  profile: 'unixfs-v1-2025',
  cidVersion: 1,
  rawLeaves: true,
  reduceSingleLeafToSelf: true,
} as const satisfies Partial<AddOptions>;

/** A file to add: its path inside the directory and its bytes. */
export interface DirEntry {
  path: string;
  content: Uint8Array;
}

/** Where content is stored and fetched. */
export interface ContentStore {
  /** Adds bytes as one UnixFS file (raw CID when <= 1 MiB) and pins it. */
  addBytes(bytes: Uint8Array, name?: string): Promise<CID>;
  /** Adds files as a UnixFS directory and pins the root. */
  addDirectory(entries: DirEntry[], name?: string): Promise<CID>;
  /** Adds a local directory (recursively, hidden files skipped) and pins the root. */
  addLocalDirectory(dir: string, name?: string): Promise<CID>;
  /** Size of a file (or 0 for a directory) and its type, without reading the content. */
  stat(cid: CID): Promise<{ type: 'file' | 'directory'; size: bigint }>;
  /** Reads a whole file; throws `ContentTooLarge` past `maxBytes`. */
  cat(cid: CID, maxBytes: number): Promise<Uint8Array>;
  /** Writes a file or a directory tree under `dest` (a file goes to `dest` itself). */
  exportTo(cid: CID, dest: string, maxBytes: number): Promise<'file' | 'directory'>;
  /** Records `cid` as pinned (kept by garbage collection). */
  pin(cid: CID, name?: string): Promise<void>;
  close(): Promise<void>;
}

/** Content larger than the caller accepts. */
export class ContentTooLarge extends Error {
  constructor(
    readonly size: bigint,
    readonly limit: number,
  ) {
    super(`content is ${size} bytes, more than the ${limit}-byte limit`);
    this.name = 'ContentTooLarge';
  }
}

/** Content that cannot be found or read (missing blocks, unknown CID). */
export class ContentUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContentUnavailable';
  }
}

/** Converts the program's 36-byte CID into a multiformats CID. */
export function toCid(bytes: Uint8Array): CID {
  return CID.decode(bytes);
}

/** The 36 bytes the program stores for a CIDv1 sha2-256. */
export function cidBytes(cid: CID): Uint8Array {
  const bytes = cid.toV1().bytes;
  if (bytes.length !== 36) throw new RangeError(`CID ${cid} is not a CIDv1 with a sha2-256 multihash`);
  return bytes;
}

/** Rejects paths that would leave `root` (`..`, absolute paths). */
export function safeJoin(root: string, path: string): string {
  const out = resolve(root, path);
  if (out !== resolve(root) && !out.startsWith(resolve(root) + sep)) throw new Error(`unsafe path "${path}"`);
  return out;
}

/** Lists the files of a local directory, recursively, sorted, without hidden entries. */
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

/** The embedded store: `@helia/unixfs` over `blockstore-fs`, no libp2p. Pins are a JSONL file beside the blocks. */
export class EmbeddedIpfs implements ContentStore {
  private constructor(
    private readonly blockstore: FsBlockstore,
    private readonly fs: UnixFS,
    private readonly pinsFile: string,
  ) {}

  static async open(dir: string): Promise<EmbeddedIpfs> {
    await mkdir(dir, { recursive: true });
    const blockstore = new FsBlockstore(join(dir, 'blocks'));
    await blockstore.open();
    return new EmbeddedIpfs(blockstore, unixfs({ blockstore }), join(dir, 'pins.jsonl'));
  }

  async addBytes(bytes: Uint8Array, name?: string): Promise<CID> {
    const cid = await this.fs.addBytes(bytes, IMPORT_OPTIONS);
    await this.pin(cid, name);
    return cid;
  }

  async addDirectory(entries: DirEntry[], name?: string): Promise<CID> {
    let root: CID | undefined;
    for await (const r of this.fs.addAll(
      entries.map((e) => ({ path: e.path, content: e.content })),
      { ...IMPORT_OPTIONS, wrapWithDirectory: true },
    )) {
      root = r.cid;
    }
    if (!root) throw new Error('empty directory');
    await this.pin(root, name);
    return root;
  }

  async addLocalDirectory(dir: string, name?: string): Promise<CID> {
    const files = await listFiles(dir);
    let root: CID | undefined;
    for await (const r of this.fs.addAll(
      files.map((f) => ({ path: f.split(sep).join('/'), content: createReadStream(join(dir, f)) })),
      { ...IMPORT_OPTIONS, wrapWithDirectory: true },
    )) {
      root = r.cid;
    }
    if (!root) root = await this.fs.addDirectory({}, IMPORT_OPTIONS);
    await this.pin(root, name);
    return root;
  }

  async stat(cid: CID): Promise<{ type: 'file' | 'directory'; size: bigint }> {
    try {
      const s = await this.fs.stat(cid, { offline: true });
      return { type: s.type === 'directory' ? 'directory' : 'file', size: s.size };
    } catch (e) {
      throw new ContentUnavailable(`cannot read ${cid}: ${(e as Error).message}`, { cause: e });
    }
  }

  async cat(cid: CID, maxBytes: number): Promise<Uint8Array> {
    const s = await this.stat(cid);
    if (s.type !== 'file') throw new ContentUnavailable(`${cid} is a directory, not a file`);
    if (s.size > BigInt(maxBytes)) throw new ContentTooLarge(s.size, maxBytes);
    const chunks: Uint8Array[] = [];
    let n = 0;
    for await (const c of this.fs.cat(cid, { offline: true })) {
      n += c.length;
      if (n > maxBytes) throw new ContentTooLarge(BigInt(n), maxBytes);
      chunks.push(c);
    }
    return concat(chunks, n);
  }

  async exportTo(cid: CID, dest: string, maxBytes: number): Promise<'file' | 'directory'> {
    const s = await this.stat(cid);
    let total = 0;
    const writeFileFrom = async (c: CID, path: string) => {
      await mkdir(dirname(path), { recursive: true });
      const fh = await open(path, 'w');
      try {
        for await (const chunk of this.fs.cat(c, { offline: true })) {
          total += chunk.length;
          if (total > maxBytes) throw new ContentTooLarge(BigInt(total), maxBytes);
          await fh.write(chunk);
        }
      } finally {
        await fh.close();
      }
    };
    if (s.type === 'file') {
      await writeFileFrom(cid, dest);
      return 'file';
    }
    const walk = async (c: CID, dir: string) => {
      await mkdir(dir, { recursive: true });
      for await (const e of this.fs.ls(c, { offline: true })) {
        const target = safeJoin(dir, e.name);
        if ((await this.stat(e.cid)).type === 'directory') await walk(e.cid, target);
        else await writeFileFrom(e.cid, target);
      }
    };
    await walk(cid, dest);
    return 'directory';
  }

  async pin(cid: CID, name?: string): Promise<void> {
    await appendFile(this.pinsFile, `${JSON.stringify({ cid: cid.toString(), name, at: Date.now() })}\n`);
  }

  /** Every CID pinned so far. */
  async pins(): Promise<string[]> {
    try {
      const text = await readFile(this.pinsFile, 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { cid: string }).cid);
    } catch {
      return [];
    }
  }

  async close(): Promise<void> {
    await this.blockstore.close();
  }
}

function concat(chunks: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Default limit on a Kubo call without progress (no response, no chunk), ms. */
export const KUBO_STALL_MS = 30_000;

/**
 * A Kubo daemon through `kubo-rpc-client` (e.g. `http://127.0.0.1:5001`). Every call
 * carries an abort signal that fires when it makes no progress for `stallMs` (a
 * daemon asked for content nobody provides waits forever) or when the store is
 * closed; a stalled read is `ContentUnavailable`, so the job fails instead of blocking.
 */
export class KuboIpfs implements ContentStore {
  private readonly closing = new AbortController();

  private constructor(
    private readonly client: import('kubo-rpc-client').KuboRPCClient,
    readonly stallMs: number,
  ) {}

  static async connect(url: string, o: { stallMs?: number } = {}): Promise<KuboIpfs> {
    const { create } = await import('kubo-rpc-client');
    return new KuboIpfs(create({ url }), o.stallMs ?? KUBO_STALL_MS);
  }

  /** Runs one Kubo call under the stall limit and the store's close signal. */
  private call<T>(what: string, read: boolean, fn: (signal: AbortSignal, touch: () => void) => Promise<T>): Promise<T> {
    return withStallLimit(this.stallMs, `kubo ${what}`, this.closing.signal, fn).catch((e: unknown) => {
      if (e instanceof StalledError) {
        // Retried like any timeout (the content may appear), within the job's attempts.
        if (read) throw Object.assign(new ContentUnavailable(e.message, { cause: e }), { transient: true });
        throw Object.assign(new Error(e.message, { cause: e }), { transient: true });
      }
      throw e;
    });
  }

  private addOptions(signal: AbortSignal) {
    return {
      cidVersion: 1,
      rawLeaves: true,
      chunker: `size-${CHUNK_SIZE}`,
      hashAlg: 'sha2-256',
      pin: true,
      signal,
    } as const;
  }

  async addBytes(bytes: Uint8Array): Promise<CID> {
    return this.call('add', false, async (signal) => {
      const r = await this.client.add(bytes, this.addOptions(signal));
      return CID.parse(r.cid.toString());
    });
  }

  async addDirectory(entries: DirEntry[]): Promise<CID> {
    return this.call('add directory', false, async (signal, touch) => {
      let root: CID | undefined;
      for await (const r of this.client.addAll(
        entries.map((e) => ({ path: e.path, content: e.content })),
        { ...this.addOptions(signal), wrapWithDirectory: true },
      )) {
        touch();
        if (r.path === '') root = CID.parse(r.cid.toString());
      }
      if (!root) throw new Error('kubo returned no directory root');
      return root;
    });
  }

  async addLocalDirectory(dir: string): Promise<CID> {
    const files = await listFiles(dir);
    const entries: DirEntry[] = [];
    for (const f of files) entries.push({ path: f.split(sep).join('/'), content: await readFile(join(dir, f)) });
    return this.addDirectory(entries);
  }

  async stat(cid: CID): Promise<{ type: 'file' | 'directory'; size: bigint }> {
    return this.call(`stat ${cid}`, true, async (signal) => {
      try {
        const s = await this.client.files.stat(`/ipfs/${cid.toString()}`, { signal });
        return { type: s.type === 'directory' ? 'directory' : 'file', size: BigInt(s.size) };
      } catch (e) {
        if (signal.aborted) throw e;
        throw new ContentUnavailable(`cannot stat ${cid}: ${(e as Error).message}`, { cause: e });
      }
    });
  }

  async cat(cid: CID, maxBytes: number): Promise<Uint8Array> {
    const s = await this.stat(cid);
    if (s.size > BigInt(maxBytes)) throw new ContentTooLarge(s.size, maxBytes);
    return this.call(`cat ${cid}`, true, async (signal, touch) => {
      const chunks: Uint8Array[] = [];
      let n = 0;
      for await (const c of this.client.cat(cid.toString(), { signal })) {
        touch();
        n += c.length;
        if (n > maxBytes) throw new ContentTooLarge(BigInt(n), maxBytes);
        chunks.push(c);
      }
      return concat(chunks, n);
    });
  }

  private ls(cid: string): Promise<{ name: string; cid: string; dir: boolean }[]> {
    return this.call(`ls ${cid}`, true, async (signal, touch) => {
      const out: { name: string; cid: string; dir: boolean }[] = [];
      for await (const e of this.client.ls(cid, { signal })) {
        touch();
        out.push({ name: e.name, cid: e.cid.toString(), dir: e.type === 'dir' });
      }
      return out;
    });
  }

  async exportTo(cid: CID, dest: string, maxBytes: number): Promise<'file' | 'directory'> {
    const s = await this.stat(cid);
    if (s.type === 'file') {
      await mkdir(dirname(dest), { recursive: true });
      await writeFile(dest, await this.cat(cid, maxBytes));
      return 'file';
    }
    let total = 0;
    const walk = async (c: string, dir: string) => {
      await mkdir(dir, { recursive: true });
      for (const e of await this.ls(c)) {
        const target = safeJoin(dir, e.name);
        if (e.dir) await walk(e.cid, target);
        else {
          const bytes = await this.cat(CID.parse(e.cid), maxBytes - total);
          total += bytes.length;
          await writeFile(target, bytes);
        }
      }
    };
    await walk(cid.toString(), dest);
    return 'directory';
  }

  async pin(cid: CID): Promise<void> {
    await this.call(`pin ${cid}`, false, async (signal, touch) => {
      for await (const _ of this.client.pin.addAll([{ cid: CID.parse(cid.toString()), recursive: true }], { signal })) {
        touch();
      }
    });
  }

  /** Aborts every call still running. */
  async close(): Promise<void> {
    this.closing.abort(new Error('the IPFS store was closed'));
  }
}
