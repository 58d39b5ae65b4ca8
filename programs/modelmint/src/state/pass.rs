//! `Pass`: A bulk pass, PDA ["pass", model, user]; its balance stays in escrow until uses settle.

use crate::{
    discriminators::account,
    pod::{PodU32, PodU64},
    state::AccountType,
};

/// A bulk pass, PDA ["pass", model, user]; its balance stays in escrow until uses settle.
#[repr(C)]
pub struct Pass {
    /// Model PDA.
    pub model: [u8; 32],
    /// Pass holder.
    pub user: [u8; 32],
    /// Uses not yet requested.
    pub uses_left: PodU32,
    /// Canonical bump of the PDA.
    pub bump: u8,
    /// Released per settled use, smallest unit (the last use takes the rest).
    pub unit_price: PodU64,
    /// Escrowed and unused, smallest unit.
    pub balance: PodU64,
    /// Room for later fields.
    pub reserved: [u8; 16],
}

// SAFETY: repr(C), byte arrays and Pod fields only.
unsafe impl AccountType for Pass {
    const DISCRIMINATOR: [u8; 8] = account::PASS;
}
