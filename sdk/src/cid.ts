// CIDv1 with a sha2-256 multihash, as the program stores them: 36 bytes
// (version, codec, multihash code 0x12, length 32, digest). Strings use the
// base32 multibase ("b…") that IPFS prints for CIDv1.

/** Multicodec of raw bytes. */
export const RAW_CODEC = 0x55;
/** Multicodec of UnixFS (dag-pb) roots. */
export const DAG_PB_CODEC = 0x70;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A CID from a sha2-256 digest of content stored under `codec`. */
export function cidFromDigest(digest: Uint8Array, codec: number = RAW_CODEC): Uint8Array {
  if (digest.length !== 32) throw new RangeError('a sha2-256 digest is 32 bytes');
  if (codec < 0 || codec >= 0x80) throw new RangeError('codec must be a one-byte varint');
  const cid = new Uint8Array(36);
  cid.set([0x01, codec, 0x12, 0x20]);
  cid.set(digest, 4);
  return cid;
}

/** The CID of `bytes` stored as a raw block. */
export async function rawCid(bytes: Uint8Array): Promise<Uint8Array> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return cidFromDigest(digest);
}

/** The 32-byte digest inside a CID. */
export function cidDigest(cid: Uint8Array): Uint8Array {
  assertCid(cid);
  return cid.slice(4);
}

/** Throws unless `cid` is a 36-byte CIDv1 with a sha2-256 multihash. */
export function assertCid(cid: Uint8Array): void {
  if (cid.length !== 36 || cid[0] !== 1 || (cid[1] ?? 0x80) >= 0x80 || cid[2] !== 0x12 || cid[3] !== 0x20) {
    throw new RangeError('not a CIDv1 with a sha2-256 multihash');
  }
}

/** `b…` base32 string of a binary CID. */
export function cidToString(cid: Uint8Array): string {
  // Character codes into one array, then one string: the indexer converts a CID per job event.
  const codes = new Array<number>(1 + Math.ceil((cid.length * 8) / 5));
  codes[0] = 0x62; // 'b'
  let n = 1;
  let bits = 0;
  let value = 0;
  for (const byte of cid) {
    value = ((value << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      codes[n++] = ALPHABET.charCodeAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) codes[n++] = ALPHABET.charCodeAt((value << (5 - bits)) & 31);
  return String.fromCharCode(...codes);
}

/** Each base32 letter's value by character code (-1: not in the alphabet). */
const BASE32_VALUES = (() => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) values[ALPHABET.charCodeAt(i)] = i;
  return values;
})();

/** Binary CID of a `b…` base32 string. */
export function cidFromString(text: string): Uint8Array {
  if (!text.startsWith('b')) throw new RangeError('expected a base32 CIDv1 string starting with "b"');
  // Table lookups into a preallocated array: the indexer converts a CID per job event.
  const cid = new Uint8Array(Math.floor(((text.length - 1) * 5) / 8));
  let bits = 0;
  let value = 0;
  let n = 0;
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? (BASE32_VALUES[code] as number) : -1;
    if (v < 0) throw new RangeError(`invalid base32 character "${text[i]}"`);
    // Only the low 12 bits are ever read: keep the accumulator small.
    value = ((value << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      cid[n++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  assertCid(cid);
  return cid;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The sha2-256 digest inside a `b…` base32 CID string, as lowercase hex (the string checked as `cidFromString` does). */
export function cidDigestHex(text: string): string {
  const cid = cidFromString(text);
  let hex = '';
  for (let i = 4; i < cid.length; i++) hex += HEX[cid[i] as number];
  return hex;
}

/** True when every byte is zero (the program's "no CID"). */
export function isNoneCid(cid: Uint8Array): boolean {
  return cid.every((b) => b === 0);
}
