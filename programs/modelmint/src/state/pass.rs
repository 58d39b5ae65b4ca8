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
    /// Average released per use, floor(price / size), smallest unit.
    pub unit_price: PodU64,
    /// Escrowed and unused, smallest unit.
    pub balance: PodU64,
    /// Price paid for the pass, smallest unit; with `size`, each use releases
    /// exactly its share (0 for passes bought before it was stored).
    pub price: PodU64,
    /// Uses bought; 0 for passes bought before it was stored.
    pub size: PodU32,
    /// Room for later fields.
    pub reserved: [u8; 4],
}

// SAFETY: repr(C), byte arrays and Pod fields only.
unsafe impl AccountType for Pass {
    const DISCRIMINATOR: [u8; 8] = account::PASS;
}
