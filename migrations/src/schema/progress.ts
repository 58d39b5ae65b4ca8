import type { Insertable, Selectable } from 'kysely';
import type { Address, Defaulted, Int8 } from './common.js';

/** Training progress reports, signed by the claiming oracle's attestation key. */
export interface OracleProgressTable {
  job: Address;
  oracle: Address;
  /** Unix milliseconds of the report. */
  ts: Int8;
  seq: number;
  phase: string;
  epoch: number;
  epochs: number;
  step: number;
  steps_total: number;
  train_loss: number | null;
  val_loss: number | null;
  eta_secs: number | null;
  /** The signed payload exactly as received. */
  payload: string;
  /** Base64 Ed25519 signature over "modelmint-progress-v1\n" + payload. */
  signature: string;
  received_at: Defaulted<Date>;
}

export type OracleProgress = Selectable<OracleProgressTable>;
export type NewOracleProgress = Insertable<OracleProgressTable>;
