//! The cluster's unix time.

use pinocchio::{
    error::ProgramError,
    sysvars::{clock::Clock, Sysvar},
};

/// Current unix timestamp, seconds.
pub fn now() -> Result<i64, ProgramError> {
    Ok(Clock::get()?.unix_timestamp)
}
