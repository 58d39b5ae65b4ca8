import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Address, ChainColumns, Defaulted, Int8, U64 } from './common.js';

/** The `Config` account (one row). */
export interface ConfigTable extends ChainColumns {
  address: Address;
  admin: Address;
  treasury: Address;
  arbiter: Address;
  fee_bps: number;
  dispute_window_secs: Int8;
  inference_timeout_secs: Int8;
  training_timeout_secs: Int8;
  paused: boolean;
  /** Time the arbiter has to resolve a dispute, seconds. */
  dispute_resolution_secs: Defaulted<Int8>;
}

/**
 * `TrustedMint` accounts: payment mints with a freeze authority the admin accepts; a mint
 * removed from the list keeps its row with `removed = true`.
 */
export interface TrustedMintsTable extends ChainColumns {
  mint: Address;
  removed: boolean;
}

/** `Oracle` accounts; the counters are the on-chain ones. */
export interface OraclesTable extends ChainColumns {
  address: Address;
  authority: Address | null;
  attestation_key: Address | null;
  /** Capability bits (1 infer, 2 train). */
  capabilities: number | null;
  can_infer: boolean | null;
  can_train: boolean | null;
  active: boolean | null;
  /** Position of the last registration/activation event (state guard). */
  state_pos: Defaulted<string>;
  jobs_completed: Defaulted<U64>;
  jobs_failed: Defaulted<U64>;
  disputes_lost: Defaulted<U64>;
}

export type Config = Selectable<ConfigTable>;
export type NewConfig = Insertable<ConfigTable>;
export type ConfigUpdate = Updateable<ConfigTable>;
export type TrustedMint = Selectable<TrustedMintsTable>;
export type NewTrustedMint = Insertable<TrustedMintsTable>;
export type Oracle = Selectable<OraclesTable>;
export type NewOracle = Insertable<OraclesTable>;
export type OracleUpdate = Updateable<OraclesTable>;
