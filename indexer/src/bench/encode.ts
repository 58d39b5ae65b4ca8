/**
 * Borsh encoding of events from their stored (JSON-safe) form, driven by the IDL: what the
 * program logs as `Program data:`. Used to build synthetic transactions for tests and the
 * benchmark, which then go through the real decoder (the SDK's `parseEvents`).
 */
import { cidFromString, decodeBase58, MODELMINT_IDL } from '@modelmint/sdk';
import type { ModelmintEvent } from '../ingest/events.js';

type FieldType = string | { array: [string, number] };
interface IdlField {
  name: string;
  type: FieldType;
}

const idl = MODELMINT_IDL as unknown as {
  events: { name: string; discriminator: number[] }[];
  types: { name: string; type: { kind: string; fields?: IdlField[] } }[];
};
const layouts = new Map<string, { discriminator: Uint8Array; fields: IdlField[] }>();
for (const event of idl.events) {
  const type = idl.types.find((t) => t.name === event.name);
  layouts.set(event.name, { discriminator: Uint8Array.from(event.discriminator), fields: type?.type.fields ?? [] });
}
const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** Address bytes by address: the same accounts recur in a history's events. */
const addressBytes = new Map<string, Uint8Array>();
function pubkey(value: string): Uint8Array {
  let bytes = addressBytes.get(value);
  if (!bytes) {
    bytes = decodeBase58(value);
    if (bytes.length !== 32) throw new Error(`not a 32-byte address: ${value}`);
    if (addressBytes.size > 200_000) addressBytes.clear();
    addressBytes.set(value, bytes);
  }
  return bytes;
}

const ZERO_SIZE: Record<string, number> = { pubkey: 32, u8: 1, bool: 1, u16: 2, u32: 4, u64: 8, i64: 8 };

/** The Borsh bytes (discriminator + body) of an event. */
export function encodeEvent(event: ModelmintEvent): Uint8Array {
  const layout = layouts.get(event.name);
  if (!layout) throw new Error(`unknown event ${event.name}`);
  const parts: Uint8Array[] = [layout.discriminator];
  const data = event.data as Record<string, unknown>;
  for (const field of layout.fields) {
    const value = data[camel(field.name)];
    parts.push(encodeField(field.type, value, field.name));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function int(bytes: number, value: unknown, signed = false): Uint8Array {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  const v = BigInt(value as string | number | bigint);
  if (bytes === 8) {
    if (signed) view.setBigInt64(0, v, true);
    else view.setBigUint64(0, v, true);
  } else if (bytes === 4) view.setUint32(0, Number(v), true);
  else if (bytes === 2) view.setUint16(0, Number(v), true);
  else view.setUint8(0, Number(v));
  return out;
}

/** Bytes of a field; a field the event object lacks (appended to the IDL later) encodes as zeros. */
function encodeField(type: FieldType, value: unknown, name: string): Uint8Array {
  if (value === undefined) return new Uint8Array(typeof type === 'object' ? type.array[1] : (ZERO_SIZE[type] ?? 0));
  if (typeof type === 'object') {
    if (value === null) return new Uint8Array(type.array[1]);
    return cidFromString(String(value));
  }
  switch (type) {
    case 'pubkey':
      return pubkey(value as string);
    case 'u8':
      return int(1, value);
    case 'bool':
      return Uint8Array.of(value ? 1 : 0);
    case 'u16':
      return int(2, value);
    case 'u32':
      return int(4, value);
    case 'u64':
      return int(8, value);
    case 'i64':
      return int(8, value, true);
    default:
      throw new Error(`unsupported IDL type ${type} (${name})`);
  }
}

/** The logs of a program transaction that emitted `events`. */
export function logsOf(programId: string, events: readonly ModelmintEvent[]): string[] {
  return [
    `Program ${programId} invoke [1]`,
    ...events.map((e) => `Program data: ${Buffer.from(encodeEvent(e)).toString('base64')}`),
    `Program ${programId} success`,
  ];
}
