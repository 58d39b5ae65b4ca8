//! `Model`: A model, PDA ["model", asset_mint]; whoever holds the asset owns it.

use crate::{
    discriminators::account,
    pod::{PodU32, PodU64},
    state::AccountType,
};

/// A model, PDA ["model", asset_mint]; whoever holds the asset owns it.
#[repr(C)]
pub struct Model {
    /// Token-2022 mint of the asset (supply 1, decimals 0).
    pub asset_mint: [u8; 32],
    /// Wallet that created the model.
    pub creator: [u8; 32],
    /// 0 caption, 1 style, 2 generate.
    pub category: u8,
    /// 0 public, 1 allowlist.
    pub visibility: u8,
    /// 0 draft, 1 training, 2 ready, 3 paused.
    pub status: u8,
    /// Canonical bump of the PDA.
    pub bump: u8,
    /// Version used by default; 0 = none.
    pub current_version: PodU32,
    /// Versions published (numbered 1..).
    pub version_count: PodU32,
    /// CIDv1 of the model card JSON (name, description, tags) on IPFS.
    pub card_cid: [u8; 36],
    /// Payment mint; all zeros for native SOL.
    pub payment_mint: [u8; 32],
    /// Token vault PDA ["vault", model] owned by the model; zeros for SOL.
    pub vault: [u8; 32],
    /// 0 native SOL, 1 SPL Token, 2 Token-2022.
    pub token_kind: u8,
    /// Decimals of the payment mint.
    pub decimals: u8,
    /// Per-use price, smallest unit of the payment mint.
    pub price_per_use: PodU64,
    /// Price of 30 days, smallest unit; 0 = not offered.
    pub subscription_price: PodU64,
    /// Uses in a bulk pass; 0 = not offered.
    pub pass_size: PodU32,
    /// Price of a pass, smallest unit.
    pub pass_price: PodU64,
    /// Settled inference jobs.
    pub uses: PodU64,
    /// Payments settled or split to this model, smallest unit.
    pub gross_revenue: PodU64,
    /// Sum of ratings.
    pub rating_sum: PodU64,
    /// Number of ratings.
    pub rating_count: PodU64,
    /// SPL only: vault tokens owed to open jobs and passes, smallest unit.
    pub escrowed: PodU64,
    /// Room for later fields.
    pub reserved: [u8; 32],
}

// SAFETY: repr(C), byte arrays and Pod fields only.
unsafe impl AccountType for Model {
    const DISCRIMINATOR: [u8; 8] = account::MODEL;
}

impl Model {
    /// Signer seeds of the model PDA: `["model", asset_mint, bump]`. The PDA
    /// signs vault transfers and the asset's metadata updates.
    pub fn with_signer<R>(&self, f: impl FnOnce(&[pinocchio::cpi::Signer]) -> R) -> R {
        let bump = [self.bump];
        let seeds = [
            pinocchio::cpi::Seed::from(crate::pda::runtime(crate::seeds::MODEL)),
            pinocchio::cpi::Seed::from(&self.asset_mint),
            pinocchio::cpi::Seed::from(&bump),
        ];
        f(&[pinocchio::cpi::Signer::from(&seeds)])
    }

    /// Whether payments are native SOL.
    pub fn is_native(&self) -> bool {
        self.token_kind == crate::constants::token_kind::NATIVE
    }
}
