//! `Config` `["config"]`: the platform's single settings account.

use crate::{
    constants::*,
    discriminators::account,
    errors::ModelmintError,
    pod::{PodBool, PodI64, PodU16},
    state::AccountType,
};

/// Platform settings, written by the admin.
#[repr(C)]
pub struct Config {
    /// Admin authority: may update this account and register oracles.
    pub admin: [u8; 32],
    /// Wallet receiving the platform fee.
    pub treasury: [u8; 32],
    /// Authority resolving disputes.
    pub arbiter: [u8; 32],
    /// Platform fee in basis points of each payment (max 2,000).
    pub fee_bps: PodU16,
    /// Dispute window after delivery, seconds.
    pub dispute_window_secs: PodI64,
    /// Deadline of an inference job after its request, seconds.
    pub inference_timeout_secs: PodI64,
    /// Deadline of a training job after its request, seconds.
    pub training_timeout_secs: PodI64,
    /// When set, no new paid activity is accepted.
    pub paused: PodBool,
    /// Canonical bump of the PDA.
    pub bump: u8,
    /// Time the arbiter has to resolve a dispute, seconds; after it anyone
    /// refunds the requester in full. 0 (configs written before the field)
    /// reads as the default, 14 days.
    pub dispute_resolution_secs: PodI64,
    /// Room for fields added later without a migration.
    pub reserved: [u8; 56],
}

// SAFETY: repr(C), byte arrays and Pod fields only.
unsafe impl AccountType for Config {
    const DISCRIMINATOR: [u8; 8] = account::CONFIG;
}

/// The tunable settings, as passed to `initialize_config` and validated as a
/// whole so no instruction can store an inconsistent config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfigParams {
    pub fee_bps: u16,
    pub dispute_window_secs: i64,
    pub inference_timeout_secs: i64,
    pub training_timeout_secs: i64,
    pub dispute_resolution_secs: i64,
}

impl Default for ConfigParams {
    fn default() -> Self {
        Self {
            fee_bps: DEFAULT_FEE_BPS,
            dispute_window_secs: DEFAULT_DISPUTE_WINDOW_SECS,
            inference_timeout_secs: DEFAULT_INFERENCE_TIMEOUT_SECS,
            training_timeout_secs: DEFAULT_TRAINING_TIMEOUT_SECS,
            dispute_resolution_secs: DEFAULT_DISPUTE_RESOLUTION_SECS,
        }
    }
}

impl ConfigParams {
    /// Checks every bound: fee at most [`MAX_FEE_BPS`]; dispute window and
    /// timeouts inside their ranges.
    pub fn validate(&self) -> Result<(), ModelmintError> {
        if self.fee_bps > MAX_FEE_BPS {
            return Err(ModelmintError::FeeTooHigh);
        }
        let in_range = |v: i64, lo: i64, hi: i64| v >= lo && v <= hi;
        if !in_range(self.dispute_window_secs, MIN_DISPUTE_WINDOW_SECS, MAX_DISPUTE_WINDOW_SECS)
            || !in_range(self.inference_timeout_secs, MIN_JOB_TIMEOUT_SECS, MAX_JOB_TIMEOUT_SECS)
            || !in_range(self.training_timeout_secs, MIN_JOB_TIMEOUT_SECS, MAX_JOB_TIMEOUT_SECS)
            || !in_range(self.dispute_resolution_secs, MIN_DISPUTE_RESOLUTION_SECS, MAX_DISPUTE_RESOLUTION_SECS)
        {
            return Err(ModelmintError::InvalidDuration);
        }
        Ok(())
    }
}

impl Config {
    /// The tunable settings currently stored.
    pub fn params(&self) -> ConfigParams {
        ConfigParams {
            fee_bps: self.fee_bps.get(),
            dispute_window_secs: self.dispute_window_secs.get(),
            inference_timeout_secs: self.inference_timeout_secs.get(),
            training_timeout_secs: self.training_timeout_secs.get(),
            dispute_resolution_secs: self.dispute_resolution_secs(),
        }
    }

    /// Time the arbiter has to resolve a dispute; a config written before
    /// the field existed holds 0 and gets the default.
    pub fn dispute_resolution_secs(&self) -> i64 {
        match self.dispute_resolution_secs.get() {
            0 => DEFAULT_DISPUTE_RESOLUTION_SECS,
            v => v,
        }
    }

    /// Stores validated settings.
    pub fn set_params(&mut self, p: &ConfigParams) {
        self.fee_bps.set(p.fee_bps);
        self.dispute_window_secs.set(p.dispute_window_secs);
        self.inference_timeout_secs.set(p.inference_timeout_secs);
        self.training_timeout_secs.set(p.training_timeout_secs);
        self.dispute_resolution_secs.set(p.dispute_resolution_secs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert_eq!(ConfigParams::default().validate(), Ok(()));
        assert_eq!(ConfigParams::default().fee_bps, 1_000);
    }

    #[test]
    fn fee_above_max_is_rejected() {
        let p = ConfigParams { fee_bps: MAX_FEE_BPS, ..Default::default() };
        assert_eq!(p.validate(), Ok(()));
        let p = ConfigParams { fee_bps: MAX_FEE_BPS + 1, ..Default::default() };
        assert_eq!(p.validate(), Err(ModelmintError::FeeTooHigh));
    }

    #[test]
    fn durations_outside_bounds_are_rejected() {
        for p in [
            ConfigParams { dispute_window_secs: MIN_DISPUTE_WINDOW_SECS - 1, ..Default::default() },
            ConfigParams { dispute_window_secs: MAX_DISPUTE_WINDOW_SECS + 1, ..Default::default() },
            ConfigParams { inference_timeout_secs: 0, ..Default::default() },
            ConfigParams { inference_timeout_secs: -5, ..Default::default() },
            ConfigParams { training_timeout_secs: MAX_JOB_TIMEOUT_SECS + 1, ..Default::default() },
            ConfigParams { dispute_resolution_secs: MIN_DISPUTE_RESOLUTION_SECS - 1, ..Default::default() },
            ConfigParams { dispute_resolution_secs: MAX_DISPUTE_RESOLUTION_SECS + 1, ..Default::default() },
        ] {
            assert_eq!(p.validate(), Err(ModelmintError::InvalidDuration), "{p:?}");
        }
    }

    #[test]
    fn a_config_from_before_the_resolution_time_reads_the_default() {
        let mut data = [0u8; Config::SPACE];
        let c = Config::init(&mut data).unwrap();
        assert_eq!(c.dispute_resolution_secs(), DEFAULT_DISPUTE_RESOLUTION_SECS);
        c.dispute_resolution_secs.set(3_600);
        assert_eq!(c.params().dispute_resolution_secs, 3_600);
        assert_eq!(DEFAULT_DISPUTE_RESOLUTION_SECS, 14 * 86_400);
    }

    #[test]
    fn layout_matches_idl_size() {
        // 8 discriminator + 3 keys + u16 + 3 i64 + bool + bump + i64 + 56 reserved.
        assert_eq!(Config::SPACE, 8 + 96 + 2 + 24 + 1 + 1 + 8 + 56);
        assert_eq!(core::mem::align_of::<crate::state::Job>(), 1);
        assert_eq!(core::mem::align_of::<Config>(), 1);
    }
}

impl Config {
    /// `admin` signed and is the configured admin.
    pub fn require_admin(&self, admin: &pinocchio::AccountView) -> Result<(), pinocchio::error::ProgramError> {
        crate::checks::signer(admin)?;
        if &self.admin == admin.address().as_array() {
            Ok(())
        } else {
            Err(ModelmintError::Unauthorized.into())
        }
    }

    /// New paid activity is refused while paused.
    pub fn require_active(&self) -> Result<(), ModelmintError> {
        if self.paused.get() {
            Err(ModelmintError::Paused)
        } else {
            Ok(())
        }
    }

    /// Emits the full configuration.
    pub fn emit(&self) {
        crate::events::ConfigUpdated {
            admin: self.admin,
            treasury: self.treasury,
            arbiter: self.arbiter,
            fee_bps: self.fee_bps.get(),
            dispute_window_secs: self.dispute_window_secs.get(),
            inference_timeout_secs: self.inference_timeout_secs.get(),
            training_timeout_secs: self.training_timeout_secs.get(),
            paused: self.paused.get(),
            dispute_resolution_secs: self.dispute_resolution_secs(),
        }
        .emit();
    }
}
