// The IDL-driven event reader (behind `decodeEvent`) against the Codama
// decoders it replaces: for every event in the IDL, random and real bodies,
// every truncated length, longer bodies, unknown discriminators; and
// `parseEvents`' own base64 decoding.
import { type Address, getBase58Decoder } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import {
  APPENDED_FIELDS_MAX,
  EVENT_LAYOUTS,
  type EventLayout,
  eventLayoutOf,
  eventLayoutsFromIdl,
} from '../src/event-reader.js';
import { decodeEvent, type ModelmintEvent, parseEvents } from '../src/events.js';
import { EVENT_DECODERS } from '../src/generated/events.js';
import { MODELMINT_IDL } from '../src/generated/idl.js';
import * as types from '../src/generated/types/index.js';
import { seeded } from './helpers/random.js';

const PROGRAM = MODELMINT_IDL.address as Address;
const toText = getBase58Decoder();

const { next: random, bytes: randomBytes } = seeded(0xc0ffee);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

const THROWS = Symbol('throws');
/**
 * What decodeEvent gave before the reader: the Codama decoder, and on a short
 * body the same decoder again over the body padded with APPENDED_FIELDS_MAX zeros.
 */
function reference(bytes: Uint8Array): ModelmintEvent | undefined | typeof THROWS {
  if (bytes.length < 8) return undefined;
  const decoder = EVENT_DECODERS.find((d) => d.discriminator.every((b, i) => bytes[i] === b));
  if (!decoder) return undefined;
  const body = bytes.subarray(8);
  try {
    return decoder.decode(body);
  } catch {
    const padded = new Uint8Array(body.length + APPENDED_FIELDS_MAX);
    padded.set(body);
    try {
      return decoder.decode(padded);
    } catch {
      return THROWS;
    }
  }
}

/** decodeEvent(bytes) is what the reference gives, field for field and in the same key order. */
function expectSameAsCodama(bytes: Uint8Array): void {
  const expected = reference(bytes);
  if (expected === THROWS) {
    expect(() => decodeEvent(bytes)).toThrow(RangeError);
    return;
  }
  const actual = decodeEvent(bytes);
  expect(actual).toStrictEqual(expected);
  if (actual && expected) expect(Object.keys(actual.data)).toEqual(Object.keys(expected.data));
}

const layoutOf = (name: string): EventLayout => {
  const layout = EVENT_LAYOUTS.find((l) => l.name === name);
  if (!layout) throw new Error(`no layout ${name}`);
  return layout;
};

type Encoder = { encode: (value: Record<string, unknown>) => Uint8Array };
const encoders = types as unknown as Record<string, (() => Encoder) | undefined>;
/** The Codama encoder of an event's body. */
function encoderOf(name: string): Encoder {
  const get = encoders[`get${name}Encoder`];
  if (!get) throw new Error(`no encoder for ${name}`);
  return get();
}

/** Plausible values for every field kind, extremes included. */
function realValue(kind: string, size: number, n: number): unknown {
  switch (kind) {
    case 'pubkey':
      return n % 4 === 0 ? '11111111111111111111111111111111' : toText.decode(randomBytes(32));
    case 'u8':
      return [0, 1, 9, 255][n % 4];
    case 'u16':
      return [0, 1, 1_000, 65_535][n % 4];
    case 'u32':
      return [0, 1, 123_456, 4_294_967_295][n % 4];
    case 'u64':
      return [0n, 1n, 1_000_000_000n, 18_446_744_073_709_551_615n][n % 4];
    case 'i64':
      return [0n, 1_700_000_000n, -1n, -9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n][n % 5];
    case 'bool':
      return n % 2 === 1;
    case 'bytes':
      return n % 3 === 0 ? new Uint8Array(size) : randomBytes(size);
    default:
      throw new Error(kind);
  }
}

describe('event layouts from the IDL', () => {
  it('cover every event of the IDL, with the generated decoders’ discriminators', () => {
    expect(EVENT_LAYOUTS.map((l) => l.name)).toEqual(EVENT_DECODERS.map((d) => d.name));
    for (const [i, layout] of EVENT_LAYOUTS.entries()) {
      expect(layout.discriminator).toEqual(EVENT_DECODERS[i]?.discriminator);
      expect(eventLayoutOf(concat(layout.discriminator, new Uint8Array(layout.size)))).toBe(layout);
    }
  });

  it('have the generated codecs’ sizes', () => {
    for (const layout of EVENT_LAYOUTS) {
      const values = Object.fromEntries(layout.fields.map((f, n) => [f.key, realValue(f.kind, f.size, n)]));
      expect(encoderOf(layout.name).encode(values)).toHaveLength(layout.size);
    }
  });

  it('refuse a field type the reader has no rule for', () => {
    const idl = (type: unknown) => ({
      events: [{ name: 'E', discriminator: [1, 2, 3, 4, 5, 6, 7, 8] }],
      types: [
        {
          name: 'E',
          type: {
            kind: 'struct',
            fields: [
              { name: 'a', type: 'u8' },
              { name: 'field_x', type },
            ],
          },
        },
      ],
    });
    expect(eventLayoutsFromIdl(idl({ array: ['u8', 4] }))[0]?.size).toBe(5);
    for (const type of [
      'u128',
      'i32',
      'string',
      'bytes',
      'f64',
      { option: 'u8' },
      { array: ['u16', 4] },
      { vec: 'u8' },
    ]) {
      expect(() => eventLayoutsFromIdl(idl(type))).toThrow(/event E, field field_x: the event reader has no rule/);
    }
    expect(() => eventLayoutsFromIdl({ events: [{ name: 'E', discriminator: [1] }], types: [] })).toThrow(
      /no struct of that name/,
    );
    const twice = idl('u8');
    twice.events.push({ name: 'F', discriminator: [1, 2, 3, 4, 5, 6, 7, 8] });
    expect(() => eventLayoutsFromIdl(twice)).toThrow(/event F: discriminator used twice/);
  });
});

describe('decodeEvent (the IDL-driven reader) against the Codama decoders', () => {
  it('decodes random bodies of every event as Codama does', () => {
    for (const layout of EVENT_LAYOUTS) {
      for (let n = 0; n < 40; n++) {
        const bytes = concat(layout.discriminator, randomBytes(layout.size));
        expectSameAsCodama(bytes);
        expect(decodeEvent(bytes)?.name).toBe(layout.name);
      }
    }
  });

  it('decodes real values (encoded by the Codama encoders) of every event', () => {
    for (const layout of EVENT_LAYOUTS) {
      const encoder = encoderOf(layout.name);
      for (let n = 0; n < 12; n++) {
        const values = Object.fromEntries(layout.fields.map((f, i) => [f.key, realValue(f.kind, f.size, n + i)]));
        const bytes = concat(layout.discriminator, encoder.encode(values));
        expectSameAsCodama(bytes);
        expect(decodeEvent(bytes)?.data).toStrictEqual(values);
      }
    }
  });

  it('reads bool bytes other than 0 and 1 as Codama does (false)', () => {
    const layout = layoutOf('ConfigUpdated');
    const paused = layout.fields.find((f) => f.kind === 'bool');
    if (!paused) throw new Error('no bool field');
    for (const value of [0, 1, 2, 127, 255]) {
      const body = new Uint8Array(layout.size);
      body[paused.offset] = value;
      const bytes = concat(layout.discriminator, body);
      expectSameAsCodama(bytes);
      const event = decodeEvent(bytes);
      if (event?.name !== 'ConfigUpdated') throw new Error('not decoded');
      expect(event.data.paused).toBe(value === 1);
    }
  });

  it('decodes every truncated body as the padded retry did: zeros for what is missing, or throws', () => {
    let zeroFilled = 0;
    let thrown = 0;
    for (const layout of EVENT_LAYOUTS) {
      const full = concat(layout.discriminator, randomBytes(layout.size));
      for (let length = 0; length < layout.size; length++) {
        const bytes = full.slice(0, 8 + length);
        expectSameAsCodama(bytes);
        if (layout.size - length > APPENDED_FIELDS_MAX) thrown++;
        else zeroFilled++;
      }
    }
    expect(zeroFilled).toBeGreaterThan(2000);
    expect(thrown).toBeGreaterThan(0);
  });

  it('reads missing trailing fields as zeros, and names the problem when too much is missing', () => {
    const layout = layoutOf('JobRequested');
    const bytes = concat(layout.discriminator, randomBytes(layout.size - APPENDED_FIELDS_MAX));
    const event = decodeEvent(bytes);
    if (event?.name !== 'JobRequested') throw new Error('not decoded');
    expect(event.data.createdAt).toBe(0n);
    expect(event.data.paymentMint).toBe('11111111111111111111111111111111');
    expect(event.data.feeBps).toBe(0);
    expect(() => decodeEvent(bytes.subarray(0, bytes.length - 1))).toThrow(
      `JobRequested event body of ${layout.size - APPENDED_FIELDS_MAX - 1} bytes: its layout takes ${layout.size}`,
    );
  });

  it('ignores bytes past the layout, as Codama does', () => {
    for (const layout of EVENT_LAYOUTS) {
      const full = concat(layout.discriminator, randomBytes(layout.size));
      for (const extra of [1, 7, 8, 33, 200]) {
        const bytes = concat(full, randomBytes(extra));
        expectSameAsCodama(bytes);
        expect(decodeEvent(bytes)).toStrictEqual(decodeEvent(full));
      }
    }
  });

  it('reads from a view at any offset into a larger buffer, and copies byte fields', () => {
    for (const layout of EVENT_LAYOUTS) {
      const event = concat(layout.discriminator, randomBytes(layout.size));
      for (const offset of [1, 3, 5, 13]) {
        const buffer = randomBytes(offset + event.length + 9);
        buffer.set(event, offset);
        const view = buffer.subarray(offset, offset + event.length);
        const decoded = decodeEvent(view);
        expect(decoded).toStrictEqual(decodeEvent(event));
        buffer.fill(0);
        expect(decoded).toStrictEqual(decodeEvent(event));
      }
    }
  });

  it('returns undefined for unknown discriminators and fewer than 8 bytes', () => {
    const known = new Set(EVENT_LAYOUTS.map((l) => l.discriminator.join()));
    for (let n = 0; n < 2000; n++) {
      const bytes = randomBytes(8 + (random() % 300));
      if (known.has(bytes.subarray(0, 8).join())) continue;
      expect(decodeEvent(bytes)).toBeUndefined();
      expect(reference(bytes)).toBeUndefined();
    }
    for (const layout of EVENT_LAYOUTS) {
      // One byte off, in the first half and in the second (same first four bytes).
      for (const at of [0, 3, 4, 7]) {
        const bytes = concat(layout.discriminator, randomBytes(layout.size));
        bytes[at] = (bytes[at] as number) ^ 0x01;
        if (known.has(bytes.subarray(0, 8).join())) continue;
        expect(decodeEvent(bytes)).toBeUndefined();
      }
      for (let length = 0; length < 8; length++) {
        expect(decodeEvent(layout.discriminator.subarray(0, length))).toBeUndefined();
      }
    }
    expect(decodeEvent(new Uint8Array())).toBeUndefined();
  });
});

describe('parseEvents', () => {
  const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
  const tx = (...data: string[]) => [
    `Program ${PROGRAM} invoke [1]`,
    'Program log: Instruction: something',
    ...data.map((d) => `Program data: ${d}`),
    `Program ${PROGRAM} consumed 1234 of 200000 compute units`,
    `Program ${PROGRAM} success`,
  ];

  it('decodes base64 of every length, padded or not, as atob does', () => {
    for (const layout of EVENT_LAYOUTS) {
      for (const extra of [0, 1, 2]) {
        const bytes = concat(layout.discriminator, randomBytes(layout.size + extra));
        const text = base64(bytes);
        const expected = [decodeEvent(bytes)];
        expect(parseEvents(tx(text))).toStrictEqual(expected);
        expect(parseEvents(tx(text.replace(/=+$/, '')))).toStrictEqual(expected);
        // Whitespace inside: not plain base64, so atob's forgiving decoding reads it.
        expect(parseEvents(tx(`${text.slice(0, 10)} ${text.slice(10)}`))).toStrictEqual(expected);
      }
    }
  });

  it('decodes several events in one transaction, each from its own line', () => {
    const events = EVENT_LAYOUTS.map((l) => concat(l.discriminator, randomBytes(l.size)));
    const decoded = parseEvents(tx(...events.map(base64)));
    expect(decoded).toStrictEqual(events.map((e) => decodeEvent(e)));
    // Decoding into shared scratch leaves no event tied to another's bytes.
    expect(new Set(decoded.map((e) => e.name)).size).toBe(EVENT_LAYOUTS.length);
  });

  it('skips what is not an event and rejects what is not base64, as before', () => {
    expect(parseEvents(tx('AAAA', 'bm90IGFuIGV2ZW50IGF0IGFsbA==', ''))).toEqual([]);
    expect(() => parseEvents(tx('@@@@'))).toThrow();
    expect(() => parseEvents(tx('AAAAA'))).toThrow();
    expect(() => parseEvents(tx('AA=A'))).toThrow();
    expect(() => atob('@@@@')).toThrow();
  });

  it('counts only lines logged while the program itself runs', () => {
    const layout = layoutOf('JobSettled');
    const line = `Program data: ${base64(concat(layout.discriminator, randomBytes(layout.size)))}`;
    const other = '11111111111111111111111111111111';
    const logs = [
      `Program ${PROGRAM} invoke [1]`,
      line,
      `Program ${other} invoke [2]`,
      line,
      `Program ${other} success`,
      line,
      `Program ${PROGRAM} failed: custom program error: 0x1770`,
      line,
    ];
    expect(parseEvents(logs).map((e) => e.name)).toEqual(['JobSettled', 'JobSettled']);
    expect(parseEvents(logs, other as Address)).toHaveLength(1);
  });
});
