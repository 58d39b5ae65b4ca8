import type { Commitment } from '@modelmint/migrations';
import { parseEvents } from '@modelmint/sdk';
import { type Address, address } from '@solana/kit';
import type { DecodedTransaction, RawTransaction, TxDecoder } from './decoder.js';
import { type ModelmintEvent, toWire } from './events.js';

function feePayerOf(raw: RawTransaction): string | null {
  const first = raw.transaction.message.accountKeys[0];
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && 'pubkey' in first && typeof first.pubkey === 'string') return first.pubkey;
  return null;
}

const INVOKE = /^Program (\w+) invoke \[\d+\]$/;
const EXIT = /^Program \w+ (success|failed)/;

/** How many `Program data:` lines were logged while `programId` was the executing program. */
export function programDataCount(logs: readonly string[], programId: string): number {
  const stack: string[] = [];
  let count = 0;
  for (const line of logs) {
    const invoke = INVOKE.exec(line);
    if (invoke?.[1]) stack.push(invoke[1]);
    else if (EXIT.test(line)) stack.pop();
    else if (line.startsWith('Program data: ') && stack.at(-1) === programId) count++;
  }
  return count;
}

/**
 * The program's events in a transaction's logs, JSON-safe (the SDK's `parseEvents`: CPI callees
 * cannot forge them). Data the program logged that is not one of its events means the IDL and
 * the program differ: that is an error, not something to skip.
 */
export function eventsFromLogs(logs: readonly string[], programId: Address): ModelmintEvent[] {
  let events: ModelmintEvent[];
  try {
    events = parseEvents(logs, programId).map(toWire);
  } catch (error) {
    throw new TypeError(`undecodable event: ${(error as Error).message}`);
  }
  const logged = programDataCount(logs, programId);
  if (events.length !== logged) throw new TypeError(`undecodable event (${logged - events.length} of ${logged})`);
  return events;
}

/**
 * A `TxDecoder` over transaction logs: the SDK's `parseEvents` finds and decodes the program's
 * `Program data:` events. Transactions that never invoked the program decode to null; failed
 * ones decode with no events.
 */
export function createLogDecoder(programId: string): TxDecoder {
  const program = address(programId);
  const invoke = `Program ${programId} invoke`;
  return {
    decode(raw: RawTransaction, commitment: Commitment): DecodedTransaction | null {
      const logs = raw.meta?.logMessages ?? [];
      if (!logs.some((line) => line.startsWith(invoke))) return null;
      const signature = raw.transaction.signatures[0];
      if (!signature) throw new TypeError('transaction without signature');
      const err = raw.meta?.err ? JSON.stringify(raw.meta.err) : null;
      return {
        signature,
        slot: String(raw.slot),
        indexInBlock: raw.indexWithinBlock ?? null,
        blockTime: raw.blockTime === null || raw.blockTime === undefined ? null : String(raw.blockTime),
        commitment,
        err,
        feePayer: feePayerOf(raw),
        events: err === null ? eventsFromLogs(logs, program) : [],
      };
    },
  };
}
