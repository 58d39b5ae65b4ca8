//! Protocol constants and bounds. Units are in each name.

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
/// Shortest job timeout (seconds).
pub const MIN_JOB_TIMEOUT_SECS: i64 = 10;
/// Longest job timeout (seconds): 30 days.
pub const MAX_JOB_TIMEOUT_SECS: i64 = 30 * 86_400;
