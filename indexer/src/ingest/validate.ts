import type { DecodedTransaction } from './decoder.js';
import { MAX_EVENTS_PER_TX } from './position.js';

/** The largest slot whose positions (slot x 10^10 + ...) fit a u64: floor((2^64 - 1) / 10^10). */
const MAX_SLOT = ((2n ** 64n - 1n) / 10n ** 10n).toString();
const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;
const SIGNATURE = /^[1-9A-HJ-NP-Za-km-z]{64,90}$/;

/** Rejects a decoded transaction that cannot be written exactly (before anything is written). */
export function assertValidTransaction(tx: DecodedTransaction): void {
  if (!SIGNATURE.test(tx.signature)) throw new TypeError(`invalid signature ${JSON.stringify(tx.signature)}`);
  // Compared as decimal strings (no leading zeros): no BigInt per transaction.
  const slotTooLarge = tx.slot.length > MAX_SLOT.length || (tx.slot.length === MAX_SLOT.length && tx.slot > MAX_SLOT);
  if (!DECIMAL.test(tx.slot) || slotTooLarge) throw new TypeError(`invalid slot ${tx.slot}`);
  if (tx.blockTime !== null && !/^-?[0-9]{1,19}$/.test(tx.blockTime)) {
    throw new TypeError(`invalid block time ${tx.blockTime}`);
  }
  if (tx.commitment !== 'confirmed' && tx.commitment !== 'finalized') {
    throw new TypeError(`invalid commitment ${String(tx.commitment)}`);
  }
  if (tx.events.length > MAX_EVENTS_PER_TX + 1) throw new TypeError(`too many events (${tx.events.length})`);
}
