// Narrowing of JSON-RPC parameters (unknown JSON) into typed values.
import { fromBase58 } from './encoding.js';
import { isRecord } from './json.js';
import { invalidParams } from './rpc-error.js';

export type Commitment = 'processed' | 'confirmed' | 'finalized';

/** The positional parameters of a request. */
export class Params {
  constructor(
    readonly method: string,
    private readonly list: readonly unknown[],
  ) {}

  static from(method: string, params: unknown): Params {
    if (params === undefined || params === null) return new Params(method, []);
    // Named parameters only for the development methods (`{"seconds": 60}`).
    if (isRecord(params) && method.startsWith('modelmint_')) return new Params(method, [params]);
    if (!Array.isArray(params)) throw invalidParams('Invalid params: expected an array');
    return new Params(method, params);
  }

  get length(): number {
    return this.list.length;
  }

  raw(i: number): unknown {
    return this.list[i];
  }

  /** A required base58 public key at position `i`. */
  pubkey(i: number): string {
    const v = this.list[i];
    if (typeof v !== 'string') throw invalidParams('Invalid params: missing or invalid public key');
    return checkPubkey(v);
  }

  string(i: number, what: string): string {
    const v = this.list[i];
    if (typeof v !== 'string') throw invalidParams(`Invalid params: expected ${what}`);
    return v;
  }

  optionalString(i: number): string | undefined {
    const v = this.list[i];
    return typeof v === 'string' ? v : undefined;
  }

  /** A required unsigned integer at position `i`. */
  u64(i: number, what: string): bigint {
    return toU64(this.list[i], what);
  }

  /** The configuration object at position `i` (empty when absent). */
  config(i: number): Config {
    const v = this.list[i];
    if (v === undefined || v === null) return new Config({});
    if (!isRecord(v)) throw invalidParams('Invalid params: expected a configuration object');
    return new Config(v);
  }
}

/** A request's configuration object. */
export class Config {
  constructor(readonly raw: Record<string, unknown>) {}

  commitment(): Commitment {
    const c = this.raw.commitment ?? this.raw.preflightCommitment;
    return parseCommitment(c);
  }

  string(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw invalidParams(`Invalid params: \`${key}\` must be a string`);
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') throw invalidParams(`Invalid params: \`${key}\` must be a boolean`);
    return v;
  }

  u64(key: string): bigint | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    return toU64(v, key);
  }

  record(key: string): Record<string, unknown> | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) throw invalidParams(`Invalid params: \`${key}\` must be an object`);
    return v;
  }

  /** `dataSlice: {offset, length}`. */
  dataSlice(): { offset: number; length: number } | undefined {
    const r = this.record('dataSlice');
    if (!r) return undefined;
    return { offset: Number(toU64(r.offset, 'dataSlice.offset')), length: Number(toU64(r.length, 'dataSlice.length')) };
  }
}

export function parseCommitment(c: unknown): Commitment {
  if (c === undefined || c === null) return 'finalized';
  if (c === 'processed' || c === 'confirmed' || c === 'finalized') return c;
  // Deprecated names that validators still accept.
  if (c === 'recent' || c === 'single' || c === 'singleGossip') return c === 'recent' ? 'processed' : 'confirmed';
  if (c === 'max' || c === 'root') return 'finalized';
  throw invalidParams(`Invalid params: unknown commitment \`${String(c)}\``);
}

export function toU64(v: unknown, what: string): bigint {
  if (typeof v === 'bigint' && v >= 0n) return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return BigInt(v);
  throw invalidParams(`Invalid params: \`${what}\` must be an unsigned integer`);
}

/** Validates a base58 32-byte public key. */
export function checkPubkey(v: string): string {
  let bytes: Uint8Array;
  try {
    bytes = fromBase58(v);
  } catch {
    throw invalidParams('Invalid param: Invalid');
  }
  if (bytes.length !== 32) throw invalidParams('Invalid param: WrongSize');
  return v;
}
