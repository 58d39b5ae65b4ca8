//! `TrustedMint` `["trusted_mint", mint]`: a payment mint with a freeze
//! authority that the admin accepts (USDC, say). Any other mint with a
//! freeze authority is refused at `create_model`: its authority could freeze
//! a model's vault or a requester's account and lock every open job, pass,
//! refund and withdrawal.

use crate::{discriminators::account, state::AccountType};

/// An admin-trusted payment mint.
#[repr(C)]
pub struct TrustedMint {
    /// The mint.
    pub mint: [u8; 32],
    /// Canonical bump of the PDA.
    pub bump: u8,
    /// Room for later fields.
    pub reserved: [u8; 15],
}

// SAFETY: repr(C), byte arrays only.
unsafe impl AccountType for TrustedMint {
    const DISCRIMINATOR: [u8; 8] = account::TRUSTED_MINT;
}
