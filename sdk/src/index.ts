/**
 * `@modelmint/sdk`: the TypeScript client of the modelmint program.
 *
 * The generated layer (`./generated`, from `idl/modelmint.json` by Codama)
 * holds codecs, account decoders and raw instruction builders. The
 * hand-written layers here add PDAs with a default program address,
 * instruction builders with defaults, and program errors by name.
 * Browser-safe: nothing here imports a Node-only module.
 */

export * from './actions.js';
export * from './allowlist-csv.js';
export * from './amounts.js';
export * from './attestation.js';
export { decodeBase58, encodeBase58 } from './base58.js';
export * from './cid.js';
export * from './constants.js';
export * from './deadline.js';
export * from './errors.js';
export {
  APPENDED_FIELDS_MAX,
  EVENT_LAYOUTS,
  type EventField,
  type EventFieldKind,
  type EventLayout,
  eventLayoutOf,
} from './event-reader.js';
export * from './events.js';
export * from './generated/accounts/index.js';
export { MODELMINT_IDL } from './generated/idl.js';
export * as generated from './generated/index.js';
export * from './generated/types/index.js';
export * from './instructions/index.js';
export * from './job-input.js';
export * from './pdas.js';
export * from './sender.js';
export * from './subscriptions.js';
export * from './verify.js';
