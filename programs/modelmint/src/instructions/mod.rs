//! One module per instruction: its accounts checks, argument parsing and
//! handler.

pub mod buy_pass;
pub mod cancel_subscription;
pub mod claim_job;
pub mod close_job;
pub mod close_pass;
pub mod create_model;
pub mod dispute_job;
pub mod fail_job;
pub mod grant_access;
pub mod initialize_config;
pub mod rate_job;
pub mod refund_expired;
pub mod register_oracle;
pub mod request_generation;
pub mod request_training;
pub mod resolve_dispute;
pub mod revoke_access;
pub mod set_oracle_active;
pub mod set_paused;
pub mod set_trusted_mint;
pub mod settle_job;
pub mod submit_result;
pub mod subscribe;
pub mod update_config;
pub mod update_model;
pub mod withdraw_fees;
pub mod withdraw_revenue;
pub mod yank_version;
