//! `FeeVault` `["fee_vault"]`: where SOL platform fees accrue, in its
//! lamports above rent, until the treasury withdraws them. A credit to this
//! rent-exempt account always succeeds, so an empty treasury wallet never
//! blocks a settlement or a subscription (docs/decisions.md).

use crate::{discriminators::account, state::AccountType};

/// The platform's SOL fee account, created with the config.
#[repr(C)]
pub struct FeeVault {
    /// Canonical bump of the PDA.
    pub bump: u8,
    /// Room for later fields.
    pub reserved: [u8; 31],
}

// SAFETY: repr(C), byte arrays only.
unsafe impl AccountType for FeeVault {
    const DISCRIMINATOR: [u8; 8] = account::FEE_VAULT;
}
