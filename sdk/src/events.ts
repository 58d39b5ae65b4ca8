import type { Address } from '@solana/kit';
import { PROGRAM_ADDRESS } from './constants.js';
import { readEvent } from './event-reader.js';
import type { ModelmintEvent, ModelmintEventName } from './generated/events.js';

export type { ModelmintEvent, ModelmintEventName } from './generated/events.js';

/** Value of every base64 character by its code (< 128); -1 for the rest. */
const BASE64 = new Int8Array(128).fill(-1);
for (const [i, c] of Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/').entries()) {
  BASE64[c.charCodeAt(0)] = i;
}
const b64 = (text: string, i: number): number => {
  const code = text.charCodeAt(i);
  return code < 128 ? (BASE64[code] as number) : -1;
};

/** `atob`'s decoding (forgiving base64), as bytes. */
function base64ToBytesSlow(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Scratch for decoded events: a typed array over 64 bytes costs ~0.6 µs to
 * allocate in V8 (its memory lives off the heap), more than the decoding.
 */
let scratch = new Uint8Array(1024);

/**
 * Bytes of base64 `text`, by table, in a view of `scratch` that the next call
 * overwrites. Anything but plain base64 (whitespace inside, misplaced
 * padding, other characters) goes to `atob`, which decodes or rejects it as
 * before.
 */
function base64ToScratch(text: string): Uint8Array {
  let n = text.length;
  if (n % 4 === 0 && n > 0 && text.charCodeAt(n - 1) === 61) n -= text.charCodeAt(n - 2) === 61 ? 2 : 1;
  const rest = n % 4;
  if (rest === 1) return base64ToBytesSlow(text);
  const size = (n >> 2) * 3 + (rest === 0 ? 0 : rest - 1);
  if (scratch.length < size) scratch = new Uint8Array(size * 2);
  const out = scratch;
  const whole = n - rest;
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const a = b64(text, i);
    const b = b64(text, i + 1);
    const c = b64(text, i + 2);
    const d = b64(text, i + 3);
    if ((a | b | c | d) < 0) return base64ToBytesSlow(text);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  if (rest > 0) {
    const a = b64(text, whole);
    const b = b64(text, whole + 1);
    const c = rest === 3 ? b64(text, whole + 2) : 0;
    if ((a | b | c) < 0) return base64ToBytesSlow(text);
    // As atob: the leftover low bits are dropped unchecked.
    out[o++] = (a << 2) | (b >> 4);
    if (rest === 3) out[o] = ((b & 0xf) << 4) | (c >> 2);
  }
  return out.subarray(0, size);
}

/**
 * Decodes one event (discriminator + Borsh body); `undefined` for anything
 * else. Events only ever grow by fields appended at the end, so an event
 * logged by an older program (a shorter body) decodes with zeros for the
 * fields it lacks (up to `APPENDED_FIELDS_MAX` bytes of them; a body shorter
 * still throws). Bytes past the body's layout are ignored.
 *
 * The IDL-driven reader of `event-reader.ts` does the work; it gives what the
 * Codama decoders (`generated/events.ts`, `EVENT_DECODERS`) give, faster.
 */
export function decodeEvent(bytes: Uint8Array): ModelmintEvent | undefined {
  return readEvent(bytes);
}

const INVOKE = /^Program (\w+) invoke \[\d+\]$/;
const EXIT = /^Program \w+ (success|failed)/;
const DATA = 'Program data: ';

/**
 * Events logged by the program in a transaction's logs (`Program data:`
 * lines), in order. Only lines logged while `programAddress` was the
 * executing program count, so a CPI callee cannot forge events.
 */
export function parseEvents(logs: readonly string[], programAddress: Address = PROGRAM_ADDRESS): ModelmintEvent[] {
  const stack: string[] = [];
  const events: ModelmintEvent[] = [];
  for (const line of logs) {
    if (!line.startsWith('Program ')) continue;
    // "Program data: …" matches neither pattern below ("data:" is not \w+ then a space).
    if (line.startsWith(DATA)) {
      if (stack[stack.length - 1] === programAddress) {
        // The event keeps nothing of the bytes it is read from (byte fields are copied).
        const event = decodeEvent(base64ToScratch(line.slice(DATA.length).trim()));
        if (event) events.push(event);
      }
      continue;
    }
    // INVOKE needs a final ']': most lines ("Program log: …", "… consumed …") skip the regex.
    const invoke = line.charCodeAt(line.length - 1) === 93 ? INVOKE.exec(line) : null;
    if (invoke?.[1]) {
      stack.push(invoke[1]);
      continue;
    }
    if (EXIT.test(line)) stack.pop();
  }
  return events;
}

/** Event data by event name. */
export type EventDataMap = { [E in ModelmintEvent as E['name']]: E['data'] };

/** The events of one name, with their data typed. */
export function eventsNamed<N extends ModelmintEventName>(
  events: readonly ModelmintEvent[],
  name: N,
): EventDataMap[N][] {
  return events.filter((e) => e.name === name).map((e) => e.data as EventDataMap[N]);
}
