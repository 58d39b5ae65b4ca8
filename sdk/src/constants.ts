import type { Address } from '@solana/kit';
import { MODELMINT_PROGRAM_ADDRESS } from './generated/programs/modelmint.js';

/** The program's default address, used wherever a `programAddress` is omitted. */
export const PROGRAM_ADDRESS: Address = MODELMINT_PROGRAM_ADDRESS;

/** Basis points in 100%. */
export const BPS_DENOMINATOR = 10_000;
/** Platform fee the program is initialised with unless told otherwise: 10%. */
export const DEFAULT_FEE_BPS = 1_000;
/** Highest platform fee the program accepts: 20%. */
export const MAX_FEE_BPS = 2_000;
/** Default dispute window after delivery, in seconds (one day). */
export const DEFAULT_DISPUTE_WINDOW_SECS = 86_400n;
/** Default inference deadline after a request, in seconds (ten minutes). */
export const DEFAULT_INFERENCE_TIMEOUT_SECS = 600n;
/** Default training deadline after a request, in seconds (one day). */
export const DEFAULT_TRAINING_TIMEOUT_SECS = 86_400n;
/** Default time the arbiter has to resolve a dispute, in seconds (14 days); after it anyone refunds in full. */
export const DEFAULT_DISPUTE_RESOLUTION_SECS = 14n * 86_400n;

/** SPL Token program. */
export const TOKEN_PROGRAM_ADDRESS = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA' as Address;
/** Token-2022 program; the model assets always live here. */
export const TOKEN_2022_PROGRAM_ADDRESS = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb' as Address;
/** Associated Token Account program. */
export const ASSOCIATED_TOKEN_PROGRAM_ADDRESS = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL' as Address;
/** Ed25519 signature-verification precompile. */
export const ED25519_PROGRAM_ADDRESS = 'Ed25519SigVerify111111111111111111111111111' as Address;
/** Instructions sysvar, read by `submit_result`. */
export const INSTRUCTIONS_SYSVAR_ADDRESS = 'Sysvar1nstructions1111111111111111111111111' as Address;
/** System program. */
export const SYSTEM_PROGRAM_ADDRESS = '11111111111111111111111111111111' as Address;
/** The all-zero address: a model's payment mint when it is paid in SOL. */
export const NATIVE_MINT_MARKER = '11111111111111111111111111111111' as Address;

/** What a model does (`Model.category`). */
export const Category = { Caption: 0, Style: 1, Generate: 2 } as const;
/** Who may pay for a model (`Model.visibility`). */
export const Visibility = { Public: 0, Allowlist: 1 } as const;
/** Lifecycle of a model (`Model.status`). */
export const ModelStatus = { Draft: 0, Training: 1, Ready: 2, Paused: 3 } as const;
/** `Job.kind`. */
export const JobKind = { Inference: 0, Training: 1 } as const;
/** How a job was paid (`Job.mode`). */
export const PaymentMode = { PerUse: 0, Subscription: 1, Pass: 2, TrainingFee: 3 } as const;
/** `Job.status`. */
export const JobStatus = { Open: 0, Claimed: 1, Delivered: 2, Disputed: 3, Settled: 4, Refunded: 5 } as const;
/** Oracle capability bits. */
export const Capability = { Infer: 1, Train: 2 } as const;
/** A subscription month, seconds. */
export const SECONDS_PER_MONTH = 30n * 86_400n;
