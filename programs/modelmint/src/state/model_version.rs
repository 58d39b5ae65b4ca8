//! `ModelVersion`: Published weights, PDA ["version", model, version_u32_le]; never changes except the yank flag.

use crate::{
    discriminators::account,
    pod::{PodBool, PodI64, PodU32},
    state::AccountType,
};

/// Published weights, PDA ["version", model, version_u32_le]; never changes except the yank flag.
#[repr(C)]
pub struct ModelVersion {
    /// Model PDA.
    pub model: [u8; 32],
    /// Version number, from 1.
    pub version: PodU32,
    /// Withdrawn by the asset holder.
    pub yanked: PodBool,
    /// Canonical bump of the PDA.
    pub bump: u8,
    /// CIDv1 of the weights (LoRA adapter).
    pub weights_cid: [u8; 36],
    /// CIDv1 of the training dataset.
    pub dataset_cid: [u8; 36],
    /// Job PDA that trained it.
    pub training_job: [u8; 32],
    /// Unix seconds.
    pub created_at: PodI64,
    /// Room for later fields.
    pub reserved: [u8; 32],
}

// SAFETY: repr(C), byte arrays and Pod fields only.
unsafe impl AccountType for ModelVersion {
    const DISCRIMINATOR: [u8; 8] = account::MODEL_VERSION;
}
