//! `AccessGrant`: Access to an allowlist model, PDA ["grant", model, user].

use crate::{discriminators::account, pod::PodI64, state::AccountType};

/// Access to an allowlist model, PDA ["grant", model, user].
#[repr(C)]
pub struct AccessGrant {
    /// Model PDA.
    pub model: [u8; 32],
    /// Wallet granted.
    pub user: [u8; 32],
    /// Unix seconds; 0 = never.
    pub expires_at: PodI64,
    /// Canonical bump of the PDA.
    pub bump: u8,
    /// Room for later fields.
    pub reserved: [u8; 16],
}

// SAFETY: repr(C), byte arrays and Pod fields only.
unsafe impl AccountType for AccessGrant {
    const DISCRIMINATOR: [u8; 8] = account::ACCESS_GRANT;
}
