//! `Subscription`: A wallet's subscription to a model, PDA ["sub", model, user].

use crate::{discriminators::account, pod::PodI64, state::AccountType};

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
    /// Room for later fields.
    pub reserved: [u8; 16],
}

// SAFETY: repr(C), byte arrays and Pod fields only.
unsafe impl AccountType for Subscription {
    const DISCRIMINATOR: [u8; 8] = account::SUBSCRIPTION;
}
