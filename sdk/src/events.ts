import type { Address } from '@solana/kit';
import { PROGRAM_ADDRESS } from './constants.js';
import { EVENT_DECODERS, type ModelmintEvent, type ModelmintEventName } from './generated/events.js';

export type { ModelmintEvent, ModelmintEventName } from './generated/events.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const byDiscriminator = new Map(EVENT_DECODERS.map((d) => [hex(d.discriminator), d]));

function base64ToBytes(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Longest run of fields ever appended to one event; see {@link decodeEvent}. */
const APPENDED_FIELDS_MAX = 128;

/**
 * Decodes one event (discriminator + Borsh body); `undefined` for anything
 * else. Events only ever grow by fields appended at the end, so an event
 * logged by an older program (a shorter body) decodes with zeros for the
 * fields it lacks.
 */
export function decodeEvent(bytes: Uint8Array): ModelmintEvent | undefined {
  if (bytes.length < 8) return undefined;
  const decoder = byDiscriminator.get(hex(bytes.subarray(0, 8)));
  if (!decoder) return undefined;
  const body = bytes.subarray(8);
  try {
    return decoder.decode(body);
  } catch (e) {
    const padded = new Uint8Array(body.length + APPENDED_FIELDS_MAX);
    padded.set(body);
    try {
      return decoder.decode(padded);
    } catch {
      throw e;
    }
  }
}

/**
 * Events logged by the program in a transaction's logs (`Program data:`
 * lines), in order. Only lines logged while `programAddress` was the
 * executing program count, so a CPI callee cannot forge events.
 */
export function parseEvents(logs: readonly string[], programAddress: Address = PROGRAM_ADDRESS): ModelmintEvent[] {
  const stack: string[] = [];
  const events: ModelmintEvent[] = [];
  for (const line of logs) {
    const invoke = /^Program (\w+) invoke \[\d+\]$/.exec(line);
    if (invoke?.[1]) {
      stack.push(invoke[1]);
      continue;
    }
    if (/^Program \w+ (success|failed)/.test(line)) {
      stack.pop();
      continue;
    }
    if (line.startsWith('Program data: ') && stack[stack.length - 1] === programAddress) {
      const event = decodeEvent(base64ToBytes(line.slice('Program data: '.length).trim()));
      if (event) events.push(event);
    }
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
