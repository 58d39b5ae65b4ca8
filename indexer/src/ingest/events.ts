/**
 * The program's events as the ingest core consumes them: a tagged union named after the
 * program's instructions (DESIGN.md). Decoders (see decoder.ts) turn the Borsh bodies into these.
 *
 * Wire conventions, so an event survives a JSON round trip through the `events` table exactly:
 * u64 / i64 values are decimal strings, addresses base58, 32-byte hashes lowercase hex.
 * Events are self-contained: each carries every value its rows need (model, mint, requester...),
 * so handlers never read other rows and delivery order does not matter.
 */
import type { JobKind, ModelCategory, ModelStatus, ModelVisibility, PaymentMode } from '@modelmint/migrations';

/** A u64 as a decimal string. */
export type U64 = string;
/** An i64 (unix seconds) as a decimal string. */
export type I64 = string;
export type Address = string;
export type Hex32 = string;

export interface ConfigUpdated {
  name: 'ConfigUpdated';
  config: Address;
  admin: Address;
  treasury: Address;
  arbiter: Address;
  feeBps: number;
  disputeWindowSecs: I64;
  inferenceTimeoutSecs: I64;
  trainingTimeoutSecs: I64;
  paused: boolean;
}

export interface OracleRegistered {
  name: 'OracleRegistered';
  oracle: Address;
  authority: Address;
  attestationKey: Address;
  canInfer: boolean;
  canTrain: boolean;
  active: boolean;
}

/** The fields `update_model` can change; ModelCreated carries them too. */
export interface ModelSettings {
  category: ModelCategory;
  visibility: ModelVisibility;
  status: ModelStatus;
  cardHash: Hex32;
  cardCid: string;
  paymentMint: Address;
  pricePerUse: U64;
  subscriptionPrice: U64;
  passSize: U64;
  passPrice: U64;
}

export interface ModelCreated extends ModelSettings {
  name: 'ModelCreated';
  model: Address;
  assetMint: Address;
  creator: Address;
  /** Token metadata of the asset. */
  metadataName: string;
  symbol: string;
  uri: string;
  createdAt: I64;
}

export interface ModelUpdated extends ModelSettings {
  name: 'ModelUpdated';
  model: Address;
}

export interface AccessGranted {
  name: 'AccessGranted';
  model: Address;
  user: Address;
  expiresAt: I64;
}

export interface AccessRevoked {
  name: 'AccessRevoked';
  model: Address;
  user: Address;
  /** Unused pass balance refunded to the user (0 if none). */
  passRefund: U64;
  mint: Address;
  /** The model's pass escrow the refund came from. */
  pass: Address;
}

export interface Subscribed {
  name: 'Subscribed';
  model: Address;
  user: Address;
  months: number;
  amount: U64;
  fee: U64;
  creatorShare: U64;
  mint: Address;
  treasury: Address;
  expiresAt: I64;
}

export interface PassBought {
  name: 'PassBought';
  model: Address;
  user: Address;
  pass: Address;
  amount: U64;
  mint: Address;
  /** The pass after the purchase. */
  usesLeft: U64;
  unitPrice: U64;
  escrowed: U64;
}

export interface PassClosed {
  name: 'PassClosed';
  model: Address;
  user: Address;
  pass: Address;
  refunded: U64;
  mint: Address;
}

/** A pass's balance after an event that used it (pass-mode jobs). */
export interface PassState {
  pass: Address;
  user: Address;
  usesLeft: U64;
  escrowed: U64;
}

export interface JobRequested {
  name: 'JobRequested';
  job: Address;
  requester: Address;
  nonce: U64;
  kind: JobKind;
  model: Address;
  version: number;
  weightsHash: Hex32;
  mode: PaymentMode;
  /** Money moved into the job's escrow by this request (0 for subscription / pass uses). */
  escrowed: U64;
  mint: Address;
  inputHash: Hex32;
  inputCid: string;
  /** Training jobs only (else null). */
  datasetHash: Hex32 | null;
  configHash: Hex32 | null;
  createdAt: I64;
  deadline: I64;
  /** Pass-mode jobs: the pass after reserving this use (else null). */
  passState: PassState | null;
}

export interface JobClaimed {
  name: 'JobClaimed';
  job: Address;
  oracle: Address;
  claimedAt: I64;
}

export interface ResultSubmitted {
  name: 'ResultSubmitted';
  job: Address;
  oracle: Address;
  resultHash: Hex32;
  resultCid: string;
  deliveredAt: I64;
}

export interface JobFailed {
  name: 'JobFailed';
  job: Address;
  oracle: Address;
  requester: Address;
  reasonCode: number;
  refunded: U64;
  mint: Address;
  failedAt: I64;
}

export interface JobRefunded {
  name: 'JobRefunded';
  job: Address;
  requester: Address;
  refunded: U64;
  mint: Address;
  refundedAt: I64;
}

export interface JobDisputed {
  name: 'JobDisputed';
  job: Address;
  model: Address;
  requester: Address;
  reasonHash: Hex32;
  reasonCid: string;
  disputedAt: I64;
}

export interface DisputeResolved {
  name: 'DisputeResolved';
  job: Address;
  model: Address;
  oracle: Address;
  requester: Address;
  arbiter: Address;
  treasury: Address;
  refundBps: number;
  refunded: U64;
  creatorShare: U64;
  fee: U64;
  mint: Address;
  resolvedAt: I64;
}

export interface JobSettled {
  name: 'JobSettled';
  job: Address;
  model: Address;
  oracle: Address;
  kind: JobKind;
  mode: PaymentMode;
  /** Where the money came from: the job's escrow, or the pass for pass uses. */
  source: Address;
  treasury: Address;
  amount: U64;
  creatorShare: U64;
  fee: U64;
  mint: Address;
  settledAt: I64;
  /** Pass-mode jobs: the pass after releasing this use's money (else null). */
  passState: PassState | null;
}

export interface VersionPublished {
  name: 'VersionPublished';
  model: Address;
  version: number;
  modelVersion: Address;
  weightsHash: Hex32;
  weightsCid: string;
  datasetHash: Hex32;
  trainingJob: Address;
  createdAt: I64;
}

export interface VersionYanked {
  name: 'VersionYanked';
  model: Address;
  version: number;
}

export interface JobRated {
  name: 'JobRated';
  job: Address;
  model: Address;
  rater: Address;
  rating: number;
  ratedAt: I64;
}

export interface RevenueWithdrawn {
  name: 'RevenueWithdrawn';
  model: Address;
  recipient: Address;
  amount: U64;
  mint: Address;
}

export type ModelmintEvent =
  | ConfigUpdated
  | OracleRegistered
  | ModelCreated
  | ModelUpdated
  | AccessGranted
  | AccessRevoked
  | Subscribed
  | PassBought
  | PassClosed
  | JobRequested
  | JobClaimed
  | ResultSubmitted
  | JobFailed
  | JobRefunded
  | JobDisputed
  | DisputeResolved
  | JobSettled
  | VersionPublished
  | VersionYanked
  | JobRated
  | RevenueWithdrawn;

export type EventName = ModelmintEvent['name'];
export type EventOf<N extends EventName> = Extract<ModelmintEvent, { name: N }>;
