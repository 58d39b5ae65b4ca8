import { zstdCompressSync } from 'node:zlib';
import { decodeBase58, encodeBase58 } from './base58.js';
import { invalidParams } from './rpc-error.js';

/** Bytes to a base58 string. */
export function toBase58(bytes: Uint8Array): string {
  return encodeBase58(bytes);
}

/** A base58 string to bytes; throws on bad characters. */
export function fromBase58(text: string): Uint8Array {
  return decodeBase58(text);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Account data encodings of the RPC API. */
export type DataEncoding = 'base58' | 'base64' | 'base64+zstd' | 'jsonParsed' | 'binary';

export function parseDataEncoding(v: unknown, fallback: DataEncoding): DataEncoding {
  if (v === undefined || v === null) return fallback;
  if (v === 'base58' || v === 'base64' || v === 'base64+zstd' || v === 'jsonParsed' || v === 'binary') return v;
  throw invalidParams(
    `Invalid params: unknown variant \`${String(v)}\`, expected one of \`binary\`, \`base58\`, \`base64\`, \`jsonParsed\`, \`base64+zstd\``,
  );
}

/** base58 is limited to 128 bytes of data by real validators. */
export const MAX_BASE58_BYTES = 128;

/** Encodes raw bytes as the RPC's `[data, encoding]` pair (or a bare base58 string for `binary`). */
export function encodeBytes(
  data: Uint8Array,
  encoding: Exclude<DataEncoding, 'jsonParsed'>,
): string | [string, string] {
  switch (encoding) {
    case 'binary':
      return toBase58(data);
    case 'base58':
      return [toBase58(data), 'base58'];
    case 'base64':
      return [toBase64(data), 'base64'];
    case 'base64+zstd':
      return [toBase64(zstdCompressSync(data)), 'base64+zstd'];
  }
}
