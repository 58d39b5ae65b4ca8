//! Protocol constants, enums and bounds. Units are in each name.

/// Basis points in 100%.
pub const BPS_DENOMINATOR: u16 = 10_000;
/// Platform fee applied when the admin does not choose one: 10%.
pub const DEFAULT_FEE_BPS: u16 = 1_000;
/// The platform fee can never exceed 20%.
pub const MAX_FEE_BPS: u16 = 2_000;

/// Default dispute window after delivery: one day.
pub const DEFAULT_DISPUTE_WINDOW_SECS: i64 = 86_400;
/// Default time an oracle has to deliver an inference job: ten minutes.
pub const DEFAULT_INFERENCE_TIMEOUT_SECS: i64 = 600;
/// Default time an oracle has to deliver a training job: one day.
pub const DEFAULT_TRAINING_TIMEOUT_SECS: i64 = 86_400;

/// Shortest dispute window the admin may set (seconds); short windows make
/// local demos practical while leaving a requester a real chance to dispute.
pub const MIN_DISPUTE_WINDOW_SECS: i64 = 60;
/// Longest dispute window (seconds): 30 days, so escrow cannot be frozen forever.
pub const MAX_DISPUTE_WINDOW_SECS: i64 = 30 * 86_400;
/// Default time the arbiter has to resolve a dispute: 14 days; after it
/// anyone refunds the requester in full.
pub const DEFAULT_DISPUTE_RESOLUTION_SECS: i64 = 14 * 86_400;
/// Shortest dispute resolution time the admin may set (seconds; local demos).
pub const MIN_DISPUTE_RESOLUTION_SECS: i64 = 60;
/// Longest dispute resolution time (seconds): 60 days, so a dispute never
/// holds escrow for ever.
pub const MAX_DISPUTE_RESOLUTION_SECS: i64 = 60 * 86_400;
/// Shortest job timeout (seconds).
pub const MIN_JOB_TIMEOUT_SECS: i64 = 10;
/// Longest job timeout (seconds): 30 days.
pub const MAX_JOB_TIMEOUT_SECS: i64 = 30 * 86_400;

/// A subscription month, seconds (30 days).
pub const SECONDS_PER_MONTH: i64 = 30 * 86_400;
/// Most months bought in one `subscribe`.
pub const MAX_SUBSCRIPTION_MONTHS: u16 = 36;

/// Longest asset name, bytes (Token-2022 metadata).
pub const MAX_NAME_LEN: usize = 32;
/// Longest asset symbol, bytes.
pub const MAX_SYMBOL_LEN: usize = 10;
/// Longest asset URI (the model card), bytes.
pub const MAX_URI_LEN: usize = 200;

/// Oracle capability bit: may claim inference jobs.
pub const CAP_INFER: u8 = 1;
/// Oracle capability bit: may claim training jobs.
pub const CAP_TRAIN: u8 = 2;

/// What a model does.
pub mod category {
    pub const CAPTION: u8 = 0;
    pub const STYLE: u8 = 1;
    pub const GENERATE: u8 = 2;
    pub const COUNT: u8 = 3;
}

/// Who may pay for a model.
pub mod visibility {
    pub const PUBLIC: u8 = 0;
    pub const ALLOWLIST: u8 = 1;
    pub const COUNT: u8 = 2;
}

/// Lifecycle of a model.
pub mod model_status {
    pub const DRAFT: u8 = 0;
    pub const TRAINING: u8 = 1;
    pub const READY: u8 = 2;
    pub const PAUSED: u8 = 3;
    pub const COUNT: u8 = 4;
}

/// What a job computes.
pub mod job_kind {
    pub const INFERENCE: u8 = 0;
    pub const TRAINING: u8 = 1;
}

/// How a job was paid.
pub mod payment_mode {
    /// The model's per-use price, escrowed in the job.
    pub const PER_USE: u8 = 0;
    /// Covered by an unexpired subscription; nothing escrowed.
    pub const SUBSCRIPTION: u8 = 1;
    /// One unit of a bulk pass, moved from the pass into the job's escrow.
    pub const PASS: u8 = 2;
    /// A training fee paid by the model's owner.
    pub const TRAINING_FEE: u8 = 3;
}

/// Where a job is in its life.
pub mod job_status {
    pub const OPEN: u8 = 0;
    pub const CLAIMED: u8 = 1;
    pub const DELIVERED: u8 = 2;
    pub const DISPUTED: u8 = 3;
    pub const SETTLED: u8 = 4;
    pub const REFUNDED: u8 = 5;
}

/// Which token program a model's payment mint belongs to.
pub mod token_kind {
    /// Native SOL: no mint, no token program.
    pub const NATIVE: u8 = 0;
    pub const SPL_TOKEN: u8 = 1;
    pub const TOKEN_2022: u8 = 2;
}
