//! `Subscription`: A wallet's subscription to a model, PDA ["sub", model, user].

use crate::{
    discriminators::account,
    pod::{PodI64, PodU64},
    state::AccountType,
};

/// A wallet's subscription to a model, PDA ["sub", model, user].
#[repr(C)]
pub struct Subscription {
    /// Model PDA.
    pub model: [u8; 32],
    /// Subscriber.
    pub user: [u8; 32],
    /// Unix seconds.
    pub expires_at: PodI64,
    /// Canonical bump of the PDA.
    pub bump: u8,
    /// Paid for the time from `value_since` to `expires_at`, smallest unit;
    /// its unused part is refunded pro rata when the holder revokes the
    /// subscriber or the subscriber cancels while the model is paused.
    pub value: PodU64,
    /// Unix seconds from which `value` counts.
    pub value_since: PodI64,
}

// SAFETY: repr(C), byte arrays and Pod fields only.
unsafe impl AccountType for Subscription {
    const DISCRIMINATOR: [u8; 8] = account::SUBSCRIPTION;
}
