import type { DecodedTransaction } from './decoder.js';

/** A slot as stored: a decimal without sign or leading zeros. */
const DECIMAL = /^(0|[1-9][0-9]*)$/;
export const MAX_TX_INDEX = 999_999;
export const MAX_EVENTS_PER_TX = 9_999;

/**
 * An event's place in the chain's total order, packed into one integer that fits `numeric(30,0)`:
 * slot x 10^10 + index in block x 10^4 + event index. Rows keep the position of the event that
 * last wrote them, and an event only overwrites fields written by an earlier position, so
 * out-of-order delivery ends in the same rows.
 *
 * When a source does not know the transaction's index in its block, a stable hash of the
 * signature stands in: the order is then arbitrary among one slot's transactions but the same on
 * every delivery (reconciliation repairs the rare same-slot conflict).
 */
export function eventPosition(
  tx: Pick<DecodedTransaction, 'slot' | 'indexInBlock' | 'signature'>,
  eventIndex: number,
): string {
  if (!Number.isInteger(eventIndex) || eventIndex < 0 || eventIndex > MAX_EVENTS_PER_TX) {
    throw new RangeError(`event index ${eventIndex} out of range`);
  }
  const txIndex = tx.indexInBlock ?? signatureRank(tx.signature);
  if (!Number.isInteger(txIndex) || txIndex < 0 || txIndex > MAX_TX_INDEX) {
    throw new RangeError(`index in block ${txIndex} out of range`);
  }
  if (!DECIMAL.test(tx.slot)) throw new RangeError(`slot ${tx.slot} is not a decimal`);
  // The low ten digits (index in block, event index) are below 10^10, exact in a double: the
  // position is the slot's digits followed by them, no BigInt arithmetic per event.
  const low = String(txIndex * 10_000 + eventIndex);
  return tx.slot === '0' ? low : tx.slot + low.padStart(10, '0');
}

/** FNV-1a of the signature, reduced to [0, MAX_TX_INDEX]. */
function signatureRank(signature: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < signature.length; i++) {
    hash ^= signature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % (MAX_TX_INDEX + 1);
}
