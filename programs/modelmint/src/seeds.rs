//! PDA seed prefixes. Every account of the program is a PDA whose first seed
//! is one of these.

/// `Config`: `["config"]`.
pub const CONFIG: &[u8] = b"config";
/// `Oracle`: `["oracle", authority]`.
pub const ORACLE: &[u8] = b"oracle";
/// `Model`: `["model", asset_mint]`.
pub const MODEL: &[u8] = b"model";
/// The model's token vault (SPL payments): `["vault", model]`.
pub const VAULT: &[u8] = b"vault";
/// `ModelVersion`: `["version", model, version_u32_le]`.
pub const VERSION: &[u8] = b"version";
/// `AccessGrant`: `["grant", model, user]`.
pub const GRANT: &[u8] = b"grant";
/// `Subscription`: `["sub", model, user]`.
pub const SUBSCRIPTION: &[u8] = b"sub";
/// `Pass`: `["pass", model, user]`.
pub const PASS: &[u8] = b"pass";
/// `Job`: `["job", requester, nonce_u64_le]`.
pub const JOB: &[u8] = b"job";
/// `FeeVault`: `["fee_vault"]`, where SOL platform fees accrue.
pub const FEE_VAULT: &[u8] = b"fee_vault";
/// `TrustedMint`: `["trusted_mint", mint]`.
pub const TRUSTED_MINT: &[u8] = b"trusted_mint";
