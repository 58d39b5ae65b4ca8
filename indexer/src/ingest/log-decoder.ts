import type { Commitment } from '@modelmint/migrations';
import type { DecodedTransaction, RawTransaction, TxDecoder } from './decoder.js';
import type { ModelmintEvent } from './events.js';

/**
 * Decodes one event body: the bytes of a `Program data:` line (8-byte discriminator + Borsh).
 * Returns null for data that is not one of the program's events. This is the IDL-specific part.
 */
export type EventDataDecoder = (data: Uint8Array) => ModelmintEvent | null;

const INVOKE = /^Program ([1-9A-HJ-NP-Za-km-z]{32,44}) invoke \[\d+\]$/;
const EXIT = /^Program ([1-9A-HJ-NP-Za-km-z]{32,44}) (success|failed)/;
const DATA = 'Program data: ';

/** The base64 payloads of `Program data:` lines logged while `programId` was the executing program. */
export function programDataLines(logs: readonly string[], programId: string): Uint8Array[] {
  const stack: string[] = [];
  const out: Uint8Array[] = [];
  for (const line of logs) {
    const invoke = INVOKE.exec(line);
    if (invoke?.[1]) {
      stack.push(invoke[1]);
      continue;
    }
    if (EXIT.test(line)) {
      stack.pop();
      continue;
    }
    if (line.startsWith(DATA) && stack.at(-1) === programId) {
      out.push(new Uint8Array(Buffer.from(line.slice(DATA.length), 'base64')));
    }
  }
  return out;
}

function feePayerOf(raw: RawTransaction): string | null {
  const first = raw.transaction.message.accountKeys[0];
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && 'pubkey' in first && typeof first.pubkey === 'string') return first.pubkey;
  return null;
}

/**
 * A `TxDecoder` over transaction logs: finds the program's `Program data:` events and decodes
 * each with `decodeEvent`. Transactions that never invoked the program decode to null.
 */
export function createLogDecoder(programId: string, decodeEvent: EventDataDecoder): TxDecoder {
  return {
    decode(raw: RawTransaction, commitment: Commitment): DecodedTransaction | null {
      const logs = raw.meta?.logMessages ?? [];
      if (!logs.some((line) => line.startsWith(`Program ${programId} invoke`))) return null;
      const signature = raw.transaction.signatures[0];
      if (!signature) throw new TypeError('transaction without signature');
      const err = raw.meta?.err ? JSON.stringify(raw.meta.err) : null;
      const events: ModelmintEvent[] = [];
      if (err === null) {
        for (const data of programDataLines(logs, programId)) {
          const event = decodeEvent(data);
          if (event) events.push(event);
        }
      }
      return {
        signature,
        slot: String(raw.slot),
        indexInBlock: raw.indexWithinBlock ?? null,
        blockTime: raw.blockTime === null || raw.blockTime === undefined ? null : String(raw.blockTime),
        commitment,
        err,
        feePayer: feePayerOf(raw),
        events,
      };
    },
  };
}
