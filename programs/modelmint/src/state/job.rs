//! `Job`: A paid job, PDA ["job", requester, nonce_u64_le].

use crate::{
    discriminators::account,
    pod::{PodI64, PodU16, PodU32, PodU64},
    state::AccountType,
};

/// A paid job, PDA ["job", requester, nonce_u64_le].
#[repr(C)]
pub struct Job {
    /// Wallet that paid; the only one who may dispute or rate.
    pub requester: [u8; 32],
    /// Requester-chosen nonce.
    pub nonce: PodU64,
    /// Model PDA.
    pub model: [u8; 32],
    /// 0 inference, 1 training.
    pub kind: u8,
    /// 0 per use, 1 subscription, 2 pass, 3 training fee.
    pub mode: u8,
    /// 0 open, 1 claimed, 2 delivered, 3 disputed, 4 settled, 5 refunded.
    pub status: u8,
    /// Canonical bump of the PDA.
    pub bump: u8,
    /// Model version used; 0 for training from scratch.
    pub version: PodU32,
    /// CIDv1 of the version's weights; zeros if none.
    pub weights_cid: [u8; 36],
    /// CIDv1 of the input (inference) or dataset (training).
    pub input_cid: [u8; 36],
    /// CIDv1 of the training config; zeros for inference.
    pub config_cid: [u8; 36],
    /// All zeros for SOL.
    pub payment_mint: [u8; 32],
    /// Held in escrow, smallest unit.
    pub escrow: PodU64,
    /// Platform fee at request time, basis points.
    pub fee_bps: PodU16,
    /// Share refunded by the arbiter, basis points.
    pub refund_bps: PodU16,
    /// Oracle PDA once claimed; zeros before.
    pub oracle: [u8; 32],
    /// Unix seconds.
    pub created_at: PodI64,
    /// Unix seconds; refundable by anyone after, if undelivered.
    pub deadline: PodI64,
    /// Unix seconds; 0 until delivered.
    pub delivered_at: PodI64,
    /// CIDv1 of the result; zeros until delivered.
    pub result_cid: [u8; 36],
    /// 1 to 5 once rated; 0 before.
    pub rating: u8,
    /// Unix seconds; a disputed job the arbiter has not resolved by then is
    /// refundable in full by anyone. 0 until disputed.
    pub resolve_by: PodI64,
    /// Room for later fields.
    pub reserved: [u8; 23],
}

// SAFETY: repr(C), byte arrays and Pod fields only.
unsafe impl AccountType for Job {
    const DISCRIMINATOR: [u8; 8] = account::JOB;
}
