// Account rendering for getAccountInfo, getMultipleAccounts, getProgramAccounts
// and the account/program subscriptions.
import type { Bank, RawAccount } from './bank.js';
import { type DataEncoding, encodeBytes, fromBase58, fromBase64, MAX_BASE58_BYTES } from './encoding.js';
import { isRecord, type JsonObject } from './json.js';
import { invalidParams } from './rpc-error.js';
import { decodeMint, parseTokenData } from './token.js';

/** rent_epoch of rent-exempt accounts, as validators report it. */
export const RENT_EXEMPT_EPOCH = 18446744073709551615n;

export interface RenderOptions {
  encoding: DataEncoding;
  dataSlice?: { offset: number; length: number } | undefined;
}

export type { RawAccount };

export function readAccount(bank: Bank, address: string): RawAccount | null {
  return bank.account(address);
}

/** The RPC's account object. */
export function renderAccount(bank: Bank, acc: RawAccount, o: RenderOptions): JsonObject {
  let data: JsonObject['data'];
  if (o.encoding === 'jsonParsed' && !o.dataSlice) {
    const parsed = parseTokenData(acc.owner, acc.data, (mint) => mintDecimals(bank, mint));
    data = parsed ?? encodeBytes(acc.data, 'base64');
  } else {
    const bytes = o.dataSlice
      ? acc.data.subarray(o.dataSlice.offset, o.dataSlice.offset + o.dataSlice.length)
      : acc.data;
    const enc = o.encoding === 'jsonParsed' ? 'base64' : o.encoding;
    if ((enc === 'base58' || enc === 'binary') && bytes.length > MAX_BASE58_BYTES) {
      throw invalidParams('Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.');
    }
    data = encodeBytes(bytes, enc);
  }
  return {
    data,
    executable: acc.executable,
    lamports: acc.lamports,
    owner: acc.owner,
    rentEpoch: RENT_EXEMPT_EPOCH,
    space: BigInt(acc.data.length),
  };
}

function mintDecimals(bank: Bank, mint: string): number {
  const acc = bank.account(mint);
  return acc ? (decodeMint(acc.owner, acc.data)?.decimals ?? 0) : 0;
}

/** A getProgramAccounts filter. */
export type AccountFilter = { dataSize: number } | { memcmp: { offset: number; bytes: Uint8Array } };

export function parseFilters(v: unknown): AccountFilter[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidParams('Invalid params: filters must be an array');
  if (v.length > 4) throw invalidParams('Too many filters provided; max 4');
  return v.map((f: unknown): AccountFilter => {
    if (isRecord(f) && typeof f.dataSize === 'number') return { dataSize: f.dataSize };
    if (isRecord(f) && isRecord(f.memcmp)) {
      const { offset, bytes, encoding } = f.memcmp;
      if (typeof offset !== 'number' || typeof bytes !== 'string')
        throw invalidParams('Invalid params: bad memcmp filter');
      if (encoding === 'base64') return { memcmp: { offset, bytes: fromBase64(bytes) } };
      if (encoding !== undefined && encoding !== null && encoding !== 'base58') {
        throw invalidParams(`Invalid params: unknown memcmp encoding ${String(encoding)}`);
      }
      if (bytes.length > 175) throw invalidParams('Invalid params: memcmp bytes too long (base58 limit 128 bytes)');
      try {
        return { memcmp: { offset, bytes: fromBase58(bytes) } };
      } catch {
        throw invalidParams('Invalid params: memcmp bytes are not base58');
      }
    }
    throw invalidParams('Invalid params: unknown filter');
  });
}

export function matchesFilters(data: Uint8Array, filters: readonly AccountFilter[]): boolean {
  return filters.every((f) => {
    if ('dataSize' in f) return data.length === f.dataSize;
    const { offset, bytes } = f.memcmp;
    if (offset + bytes.length > data.length) return false;
    for (let i = 0; i < bytes.length; i++) if (data[offset + i] !== bytes[i]) return false;
    return true;
  });
}
