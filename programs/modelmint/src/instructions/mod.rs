//! One module per instruction: its accounts checks, argument parsing and
//! handler.

pub mod initialize_config;
pub mod update_config;
