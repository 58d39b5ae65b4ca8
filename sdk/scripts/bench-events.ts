// Micro-benchmark of event decoding (not a test): decodes N events of every
// kind in the IDL, built by the Codama encoders from random values, with
// `decodeEvent`, with the Codama decoders (`EVENT_DECODERS`) and through
// `parseEvents` (base64 `Program data:` lines), and times base58 alone.
// Run: npm run bench:events [-- N] (default 20000)
import { getBase58Decoder } from '@solana/kit';
import { encodeBase58 } from '../src/base58.js';
import { decodeEvent, parseEvents } from '../src/events.js';
import { EVENT_DECODERS } from '../src/generated/events.js';
import { MODELMINT_IDL } from '../src/generated/idl.js';
import * as types from '../src/generated/types/index.js';

const N = Number(process.argv[2] ?? 20_000);

type FieldType = string | { array: readonly [string, number] };
const idl = MODELMINT_IDL as unknown as {
  events: readonly { name: string; discriminator: readonly number[] }[];
  types: readonly { name: string; type: { fields?: readonly { name: string; type: FieldType }[] } }[];
};
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const kitBase58 = getBase58Decoder();

let seed = 12345;
function rand(): number {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed >>> 8;
}
function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rand() & 0xff;
  return out;
}
function randomValue(type: FieldType): unknown {
  if (typeof type === 'object') return randomBytes(type.array[1]);
  switch (type) {
    case 'pubkey':
      return kitBase58.decode(randomBytes(32));
    case 'u8':
      return rand() & 0xff;
    case 'u16':
      return rand() & 0xffff;
    case 'u32':
      return rand() >>> 0;
    case 'bool':
      return (rand() & 1) === 1;
    case 'u64':
    case 'i64':
      return BigInt(rand()) * 1_000_003n;
    default:
      throw new Error(`unexpected ${type}`);
  }
}

type Encoder = { encode: (value: Record<string, unknown>) => Uint8Array };
const encoders = types as unknown as Record<string, (() => Encoder) | undefined>;
const events: Uint8Array[] = [];
for (const event of idl.events) {
  const fields = idl.types.find((t) => t.name === event.name)?.type.fields ?? [];
  const getEncoder = encoders[`get${event.name}Encoder`];
  if (!getEncoder) throw new Error(`no encoder for ${event.name}`);
  const encoder = getEncoder();
  for (let i = 0; i < Math.ceil(N / idl.events.length); i++) {
    const data = Object.fromEntries(fields.map((f) => [camel(f.name), randomValue(f.type)]));
    const body = encoder.encode(data);
    const bytes = new Uint8Array(8 + body.length);
    bytes.set(event.discriminator);
    bytes.set(body, 8);
    events.push(bytes);
  }
}
// Interleave kinds, as in a real ledger.
for (let i = events.length - 1; i > 0; i--) {
  const j = rand() % (i + 1);
  [events[i], events[j]] = [events[j] as Uint8Array, events[i] as Uint8Array];
}

const byDisc = new Map(EVENT_DECODERS.map((d) => [d.discriminator.join(), d]));
const PROGRAM = MODELMINT_IDL.address;
const logs = events.map((e) => [
  `Program ${PROGRAM} invoke [1]`,
  'Program log: Instruction: something',
  `Program data: ${btoa(String.fromCharCode(...e))}`,
  `Program ${PROGRAM} consumed 12345 of 200000 compute units`,
  `Program ${PROGRAM} success`,
]);
const keys = Array.from({ length: 4096 }, () => randomBytes(32));

function time(label: string, count: number, fn: () => void): void {
  for (let round = 0; round < 3; round++) fn(); // warm up
  const runs: number[] = [];
  for (let round = 0; round < 7; round++) {
    const t0 = performance.now();
    fn();
    runs.push(((performance.now() - t0) * 1000) / count);
  }
  runs.sort((a, b) => a - b);
  console.log(`${label.padEnd(36)} ${runs[3]?.toFixed(3)} µs (min ${runs[0]?.toFixed(3)})`);
}

let sink = 0;
time('decodeEvent', events.length, () => {
  for (const e of events) sink += decodeEvent(e) ? 1 : 0;
});
time('Codama EVENT_DECODERS', events.length, () => {
  for (const e of events) sink += byDisc.get(e.subarray(0, 8).join())?.decode(e.subarray(8)) ? 1 : 0;
});
time('parseEvents (1 event per tx)', events.length, () => {
  for (const l of logs) sink += parseEvents(l).length;
});
time('encodeBase58 (32 bytes)', keys.length, () => {
  for (const k of keys) sink += encodeBase58(k).length;
});
time('kit base58 decoder (32 bytes)', keys.length, () => {
  for (const k of keys) sink += kitBase58.decode(k).length;
});
console.log(`${events.length} events, sink ${sink}`);
