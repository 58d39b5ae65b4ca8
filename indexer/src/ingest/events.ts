/**
 * The program's events as the indexer stores and folds them: the SDK's `ModelmintEvent`
 * (decoded from `Program data:` lines by `parseEvents`, generated from idl/modelmint.json) in a
 * JSON-safe form, so an event survives the `events` table's jsonb exactly:
 * u64 / i64 values (bigint in the SDK) become decimal strings, 36-byte CIDs their `b…` base32
 * string (null when all zero, the program's "none"), addresses stay base58, small integers numbers.
 */
import { cidDigestHex, cidToString, isNoneCid, type ModelmintEvent as SdkEvent } from '@modelmint/sdk';
import type { ReadonlyUint8Array } from '@solana/kit';

/** A u64 / i64 as a decimal string. */
export type U64 = string;

type WireValue<T> = T extends bigint ? string : T extends ReadonlyUint8Array ? string | null : T;
/** An SDK event body with bigints as decimal strings and CIDs as strings. */
export type Wire<D> = { [K in keyof D]: WireValue<D[K]> };
type WireOf<E> = E extends { name: infer N; data: infer D } ? { name: N; data: Wire<D> } : never;

/** One program event, JSON-safe. */
export type ModelmintEvent = WireOf<SdkEvent>;
export type EventName = ModelmintEvent['name'];
/** The body of the event named N. */
export type EventData<N extends EventName> = Extract<ModelmintEvent, { name: N }>['data'];

export type { SdkEvent };

/**
 * Converts an SDK event (bigints, byte arrays) to its stored form, in place: the decoder hands
 * over a fresh object per event, and converting it where it is spares a copy per event (an
 * ingest converts every event it reads).
 */
export function toWire(event: SdkEvent): ModelmintEvent {
  const data = event.data as Record<string, unknown>;
  for (const key in data) {
    const value = data[key];
    if (typeof value === 'bigint') data[key] = value.toString();
    else if (value instanceof Uint8Array) data[key] = isNoneCid(value) ? null : cidToString(value);
  }
  return event as unknown as ModelmintEvent;
}

/** The sha-256 digest inside a CID string, as lowercase hex (null for none). */
export function cidHex(cid: string | null): string | null {
  return cid === null ? null : cidDigestHex(cid);
}

/** The job an event concerns, if any. */
export function jobOf(event: ModelmintEvent): string | null {
  return 'job' in event.data ? event.data.job : null;
}

/** The model an event names itself (job-only events name none: their job's model is looked up). */
export function modelOf(event: ModelmintEvent): string | null {
  return 'model' in event.data ? event.data.model : null;
}

/** Events that belong to no model: config, oracle state, trusted mints and the fee vault. */
export function isGlobal(event: ModelmintEvent): boolean {
  switch (event.name) {
    case 'ConfigUpdated':
    case 'OracleRegistered':
    case 'OracleUpdated':
    case 'TrustedMintSet':
    case 'FeesWithdrawn':
      return true;
    default:
      return false;
  }
}

const ADDRESS_FIELDS = [
  'oracle',
  'authority',
  'model',
  'job',
  'user',
  'requester',
  'creator',
  'owner',
  'payee',
  'arbiter',
  'admin',
  'treasury',
  'mint',
] as const;

/** The addresses an event concerns (events table `keys`, live-update filters). */
export function eventKeys(event: ModelmintEvent): string[] {
  const record = event.data as Record<string, unknown>;
  const keys = new Set<string>();
  for (const field of ADDRESS_FIELDS) {
    const value = record[field];
    if (typeof value === 'string') keys.add(value);
  }
  return [...keys];
}
