/**
 * One IPFS block from an HTTP gateway, verified: read while it streams, never more than a limit,
 * and returned only if its hash is the one its CID names.
 */
import { createHash } from 'node:crypto';
import type { CID } from 'multiformats/cid';

const SHA2_256 = 0x12;
const IDENTITY = 0x00;

/** Bytes that are not what their CID names (a faulty or hostile gateway). */
export class BlockMismatchError extends Error {}

/** A CID whose hash function this reader cannot check: its bytes can never be verified. */
export class UnsupportedHashError extends Error {}

/** Whether `bytes` are the block `cid` names; throws on a hash this reader does not know. */
export function blockMatches(cid: CID, bytes: Uint8Array): boolean {
  const { code, digest } = cid.multihash;
  if (code === IDENTITY) return Buffer.from(digest).equals(bytes);
  if (code !== SHA2_256)
    throw new UnsupportedHashError(`unsupported multihash 0x${code.toString(16)} in ${cid.toString()}`);
  return createHash('sha256').update(bytes).digest().equals(digest);
}

/** GET `url` (a trustless gateway's raw block), at most `maxBytes` of it, checked against `cid`. */
export async function readVerifiedBlock(
  url: string,
  cid: CID,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const res = await fetch(url, { headers: { accept: 'application/vnd.ipld.raw' }, signal });
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new Error(`gateway answered ${res.status} for ${cid.toString()}`);
  }
  const tooLarge = () => new Error(`block ${cid.toString()} from the gateway is larger than ${maxBytes} bytes`);
  if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
    await res.body.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks);
  if (!blockMatches(cid, bytes)) throw new BlockMismatchError(`gateway bytes do not match ${cid.toString()}`);
  return bytes;
}
