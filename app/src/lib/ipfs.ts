// Content through the app server: uploads return a CID that is checked against
// the bytes sent (when it is a raw CID); downloads are checked against the CID
// asked for (the on-chain hash), so neither the server nor a gateway is trusted.
import { cidDigest, cidFromString, cidToString, RAW_CODEC, rawCid } from '@modelmint/sdk';

/** Largest file stored as a single raw block (its CID is sha256 of its bytes). */
export const RAW_LIMIT = 1024 * 1024;

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

async function post(form: FormData): Promise<Uint8Array> {
  const res = await fetch('/content', { method: 'POST', body: form });
  const body = (await res.json().catch(() => ({}))) as { cid?: string; error?: string };
  if (!res.ok || !body.cid) throw new Error(`upload failed: ${body.error ?? res.status}`);
  return cidFromString(body.cid);
}

/** Stores bytes as one file; returns its 36-byte CID. */
export async function uploadBytes(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  form.append('name', name);
  const cid = await post(form);
  if (bytes.length <= RAW_LIMIT && !equalBytes(cid, await rawCid(bytes))) {
    throw new Error('the content server answered a CID that does not match the uploaded bytes');
  }
  return cid;
}

/** Stores JSON (a model card, a training config, a prompt). */
export function uploadJson(value: unknown, name: string): Promise<Uint8Array> {
  return uploadBytes(new TextEncoder().encode(JSON.stringify(value)), name);
}

/** Stores files as one directory (a dataset); paths are the files' names. */
export async function uploadDirectory(files: { path: string; file: Blob }[], name: string): Promise<Uint8Array> {
  const form = new FormData();
  for (const f of files) form.append('file', f.file, f.path);
  form.append('directory', 'true');
  form.append('name', name);
  return post(form);
}

/** The outcome of fetching content by CID. */
export interface Fetched {
  bytes: Uint8Array;
  /** sha256 of the bytes equals the CID's digest (raw CIDs); false = refused; null = not checkable here. */
  verified: boolean | null;
}

/** Fetches a file by its `b…` CID and checks it against the CID's hash. */
export async function fetchVerified(cidText: string, maxBytes = 8 * RAW_LIMIT): Promise<Fetched> {
  const cid = cidFromString(cidText);
  const res = await fetch(`/ipfs/${cidToString(cid)}`);
  if (!res.ok) throw new Error(`content ${cidText} unavailable (${res.status})`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > maxBytes) throw new Error(`content ${cidText} is larger than ${maxBytes} bytes`);
  if (cid[1] !== RAW_CODEC) return { bytes, verified: null };
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return { bytes, verified: equalBytes(digest, cidDigest(cid)) };
}
