import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Address, ChainColumns, Commitment, Defaulted, Hex32, Int8, Json, U64 } from './common.js';

export type JobKind = 'inference' | 'training';
export type PaymentMode = 'per_use' | 'subscription' | 'pass' | 'training_fee';
export type JobOutcome = 'settled' | 'resolved' | 'failed' | 'expired';
export type JobStatus = 'open' | 'claimed' | 'delivered' | 'disputed' | 'settled' | 'refunded';

/** `Job` accounts, plus the outcome of settlement / refund. */
export interface JobsTable extends ChainColumns {
  address: Address;
  requester: Address | null;
  nonce: U64 | null;
  kind: JobKind | null;
  model: Address | null;
  version: Int8 | null;
  weights_hash: Hex32 | null;
  weights_cid: string | null;
  config_cid: string | null;
  fee_bps: number | null;
  refund_bps: Defaulted<number>;
  rating: Defaulted<number>;
  /** How the job ended: settle_job, resolve_dispute, fail_job or refund_expired. */
  outcome: JobOutcome | null;
  /** close_job closed the account (the row stays). */
  closed: Defaulted<boolean>;
  mode: PaymentMode | null;
  escrowed: U64 | null;
  mint: Address | null;
  input_hash: Hex32 | null;
  input_cid: string | null;
  dataset_hash: Hex32 | null;
  config_hash: Hex32 | null;
  oracle: Address | null;
  status: JobStatus;
  /** Position of the event that set `status` (state guard). */
  status_pos: string;
  created_at: Int8 | null;
  deadline: Int8 | null;
  /** When disputed: unresolved after this, anyone refunds in full. */
  resolve_by: Defaulted<Int8>;
  claimed_at: Int8 | null;
  delivered_at: Int8 | null;
  finished_at: Int8 | null;
  result_hash: Hex32 | null;
  result_cid: string | null;
  failure_code: number | null;
  refunded: U64 | null;
  creator_share: U64 | null;
  fee: U64 | null;
}

/** One row per job event: the job's history (a view over `events`). */
export interface JobTimelineTable {
  signature: string;
  event_index: number;
  job: Address;
  model: Address | null;
  event: string;
  status: JobStatus | null;
  actor: Address | null;
  slot: Int8;
  pos: string;
  block_time: Int8 | null;
  commitment: Commitment;
  detail: Json;
}

export type PaymentKind =
  | 'job_escrow'
  | 'job_creator_share'
  | 'job_oracle_share'
  | 'job_fee'
  | 'job_refund'
  | 'subscription_creator_share'
  | 'subscription_fee'
  | 'pass_escrow'
  | 'pass_refund'
  | 'subscription_refund'
  | 'withdrawal'
  | 'fee_withdrawal';

/** Every movement of money, one row per leg. */
export interface PaymentsTable {
  signature: string;
  event_index: number;
  leg: number;
  kind: PaymentKind;
  job: Address | null;
  model: Address | null;
  from_address: Address;
  to_address: Address;
  amount: U64;
  mint: Address;
  slot: Int8;
  pos: string;
  block_time: Int8 | null;
  commitment: Commitment;
}

/** `expired`: left unresolved past its `resolve_by` and refunded in full. */
export type DisputeStatus = 'open' | 'resolved' | 'expired';

export interface DisputesTable extends ChainColumns {
  job: Address;
  model: Address | null;
  requester: Address | null;
  reason_hash: Hex32 | null;
  reason_cid: string | null;
  opened_at: Int8 | null;
  status: DisputeStatus;
  arbiter: Address | null;
  refund_bps: number | null;
  refunded: U64 | null;
  resolved_at: Int8 | null;
}

export interface RatingsTable extends ChainColumns {
  job: Address;
  model: Address;
  rater: Address;
  rating: number;
  rated_at: Int8 | null;
}

export type Job = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
export type JobUpdate = Updateable<JobsTable>;
export type JobTimelineEntry = Selectable<JobTimelineTable>;
export type Payment = Selectable<PaymentsTable>;
export type NewPayment = Insertable<PaymentsTable>;
export type PaymentUpdate = Updateable<PaymentsTable>;
export type Dispute = Selectable<DisputesTable>;
export type NewDispute = Insertable<DisputesTable>;
export type DisputeUpdate = Updateable<DisputesTable>;
export type Rating = Selectable<RatingsTable>;
export type NewRating = Insertable<RatingsTable>;
export type RatingUpdate = Updateable<RatingsTable>;
