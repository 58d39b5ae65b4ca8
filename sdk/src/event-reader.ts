/**
 * A Borsh reader for the program's events, driven by the IDL: the layouts are
 * read once from `MODELMINT_IDL` at load, and one loop reads any event. It
 * gives exactly what the Codama decoders of `generated/events.ts` give (they
 * stay the reference, and the tests hold this reader to them), an order of
 * magnitude faster: addresses go through the SDK's own base58 rather than
 * kit's BigInt one.
 */
import type { Address, ReadonlyUint8Array } from '@solana/kit';
import { encodeBase58Range } from './base58.js';
import type { ModelmintEvent, ModelmintEventName } from './generated/events.js';
import { MODELMINT_IDL } from './generated/idl.js';

/**
 * Most bytes of fields ever appended to one event since it was first logged.
 * A body that much shorter than its layout at most reads as zeros for the
 * fields it lacks; a shorter one is an error.
 */
export const APPENDED_FIELDS_MAX = 128;

/** How a field is read. */
export type EventFieldKind = 'pubkey' | 'u8' | 'u16' | 'u32' | 'u64' | 'i64' | 'bool' | 'bytes';

/** One field of an event's body. */
export interface EventField {
  /** The field's key in the decoded data (camelCase, as in the generated types). */
  readonly key: string;
  /** Its name in the IDL (snake_case). */
  readonly idlName: string;
  readonly kind: EventFieldKind;
  /** Byte offset in the body (after the discriminator). */
  readonly offset: number;
  readonly size: number;
}

/** An event's discriminator and the layout of its body. */
export interface EventLayout {
  readonly name: ModelmintEventName;
  readonly discriminator: Uint8Array;
  /** Bytes of the full body, every field present. */
  readonly size: number;
  readonly fields: readonly EventField[];
}

// Kinds as small integers for the read loop's switch.
const PUBKEY = 0;
const U8 = 1;
const U16 = 2;
const U32 = 3;
const U64 = 4;
const I64 = 5;
const BOOL = 6;
const BYTES = 7;
const KIND_CODES: Record<EventFieldKind, number> = {
  pubkey: PUBKEY,
  u8: U8,
  u16: U16,
  u32: U32,
  u64: U64,
  i64: I64,
  bool: BOOL,
  bytes: BYTES,
};
const SIZES: Record<Exclude<EventFieldKind, 'bytes'>, number> = {
  pubkey: 32,
  u8: 1,
  u16: 2,
  u32: 4,
  u64: 8,
  i64: 8,
  bool: 1,
};

/** snake_case to camelCase, as Codama names the generated fields. */
function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function fieldKind(type: unknown, where: string): { kind: EventFieldKind; size: number } {
  if (typeof type === 'string' && type !== 'bytes' && Object.hasOwn(SIZES, type)) {
    const kind = type as Exclude<EventFieldKind, 'bytes'>;
    return { kind, size: SIZES[kind] };
  }
  if (typeof type === 'object' && type !== null && 'array' in type && Array.isArray(type.array)) {
    const [item, length] = type.array as unknown[];
    if (item === 'u8' && typeof length === 'number' && Number.isInteger(length) && length >= 0) {
      return { kind: 'bytes', size: length };
    }
  }
  throw new TypeError(`${where}: the event reader has no rule for IDL type ${JSON.stringify(type)}`);
}

interface IdlEvents {
  readonly events: readonly { readonly name: string; readonly discriminator: readonly number[] }[];
  readonly types: readonly {
    readonly name: string;
    readonly type: {
      readonly kind: string;
      readonly fields?: readonly { readonly name: string; readonly type: unknown }[];
    };
  }[];
}

/** The layouts of the events in `idl`; throws on a field type the reader cannot read. */
export function eventLayoutsFromIdl(idl: IdlEvents): EventLayout[] {
  const seen = new Set<string>();
  return idl.events.map((event) => {
    if (seen.has(event.discriminator.join())) throw new TypeError(`event ${event.name}: discriminator used twice`);
    seen.add(event.discriminator.join());
    const type = idl.types.find((t) => t.name === event.name);
    if (type?.type.kind !== 'struct' || !type.type.fields) {
      throw new TypeError(`event ${event.name}: no struct of that name in the IDL's types`);
    }
    if (event.discriminator.length !== 8) throw new TypeError(`event ${event.name}: discriminator is not 8 bytes`);
    let offset = 0;
    const fields = type.type.fields.map((field): EventField => {
      const { kind, size } = fieldKind(field.type, `event ${event.name}, field ${field.name}`);
      const out = { key: camelCase(field.name), idlName: field.name, kind, offset, size };
      offset += size;
      return out;
    });
    return {
      name: event.name as ModelmintEventName,
      discriminator: Uint8Array.from(event.discriminator),
      size: offset,
      fields,
    };
  });
}

// ---- Compile-time check: the data the IDL describes is exactly the generated event types. ----
type Idl = typeof MODELMINT_IDL;
type IdlEventName = Idl['events'][number]['name'];
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type FieldValue<T> = T extends 'pubkey'
  ? Address
  : T extends 'u64' | 'i64'
    ? bigint
    : T extends 'u8' | 'u16' | 'u32'
      ? number
      : T extends 'bool'
        ? boolean
        : T extends { readonly array: readonly ['u8', number] }
          ? ReadonlyUint8Array
          : never;
type IdlEventData<N> =
  Extract<Idl['types'][number], { readonly name: N }> extends {
    readonly type: {
      readonly fields: infer Fields extends readonly { readonly name: string; readonly type: unknown }[];
    };
  }
    ? { -readonly [F in Fields[number] as Camel<F['name']>]: FieldValue<F['type']> }
    : never;
type IdlEvent = { [N in IdlEventName]: { name: N; data: IdlEventData<N> } }[IdlEventName];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const idlMatchesGeneratedTypes: Same<IdlEvent, ModelmintEvent> = true;
void idlMatchesGeneratedTypes;

/** Every event of the program's IDL, in IDL order. */
export const EVENT_LAYOUTS: readonly EventLayout[] = eventLayoutsFromIdl(MODELMINT_IDL);

interface Plan {
  readonly layout: EventLayout;
  /** Bytes 4..8 of the discriminator, little-endian. */
  readonly tail: number;
  readonly keys: readonly string[];
  readonly kinds: Uint8Array;
  readonly offsets: Uint32Array;
  readonly sizes: Uint32Array;
}

const u32At = (b: Uint8Array, o: number) =>
  ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16) | ((b[o + 3] as number) << 24)) >>> 0;

/** Plans by the first four discriminator bytes (little-endian); collisions share an entry. */
const byHead = new Map<number, Plan[]>();
for (const layout of EVENT_LAYOUTS) {
  const plan: Plan = {
    layout,
    tail: u32At(layout.discriminator, 4),
    keys: layout.fields.map((f) => f.key),
    kinds: Uint8Array.from(layout.fields, (f) => KIND_CODES[f.kind]),
    offsets: Uint32Array.from(layout.fields, (f) => f.offset),
    sizes: Uint32Array.from(layout.fields, (f) => f.size),
  };
  const head = u32At(layout.discriminator, 0);
  const plans = byHead.get(head);
  if (plans) plans.push(plan);
  else byHead.set(head, [plan]);
}

function planOf(bytes: Uint8Array): Plan | undefined {
  if (bytes.length < 8) return undefined;
  const plans = byHead.get(u32At(bytes, 0));
  if (!plans) return undefined;
  const tail = u32At(bytes, 4);
  for (const plan of plans) if (plan.tail === tail) return plan;
  return undefined;
}

/** The layout of the event `bytes` (discriminator first) holds; `undefined` for an unknown discriminator. */
export function eventLayoutOf(bytes: Uint8Array): EventLayout | undefined {
  return planOf(bytes)?.layout;
}

/** Reads the body at `bytes[start, …)` by `plan`. */
function readBody(plan: Plan, bytes: Uint8Array, start: number): ModelmintEvent {
  const { layout } = plan;
  let b = bytes;
  let base = start;
  const length = bytes.length - start;
  if (length < layout.size) {
    if (length + APPENDED_FIELDS_MAX < layout.size) {
      throw new RangeError(
        `${layout.name} event body of ${length} bytes: its layout takes ${layout.size}, and at most ` +
          `${APPENDED_FIELDS_MAX} bytes of appended fields may be missing`,
      );
    }
    // Fields appended since this event was logged read as zeros.
    b = new Uint8Array(layout.size);
    b.set(bytes.subarray(start));
    base = 0;
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const { keys, kinds, offsets, sizes } = plan;
  const data: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const o = base + (offsets[i] as number);
    switch (kinds[i]) {
      case PUBKEY:
        data[key] = encodeBase58Range(b, o, o + 32) as Address;
        break;
      case U8:
        data[key] = b[o];
        break;
      case U16:
        data[key] = view.getUint16(o, true);
        break;
      case U32:
        data[key] = view.getUint32(o, true);
        break;
      case U64:
        data[key] = view.getBigUint64(o, true);
        break;
      case I64:
        data[key] = view.getBigInt64(o, true);
        break;
      case BOOL:
        // As kit's boolean decoder: 1 is true, anything else false.
        data[key] = b[o] === 1;
        break;
      default: {
        // BYTES: a copy (a plain Uint8Array whatever `bytes` is), so nothing keeps `bytes` alive.
        const size = sizes[i] as number;
        const copy = new Uint8Array(size);
        for (let k = 0; k < size; k++) copy[k] = b[o + k] as number;
        data[key] = copy;
      }
    }
  }
  return { name: layout.name, data } as ModelmintEvent;
}

/**
 * Reads one event (8-byte discriminator, then its Borsh body); `undefined`
 * for an unknown discriminator or fewer than 8 bytes. Bytes past the layout
 * are ignored; a body short of it by at most {@link APPENDED_FIELDS_MAX}
 * bytes reads as zeros for what it lacks, as an event logged before fields
 * were appended to it; shorter, it throws a `RangeError`.
 */
export function readEvent(bytes: Uint8Array): ModelmintEvent | undefined {
  const plan = planOf(bytes);
  return plan && readBody(plan, bytes, 8);
}
