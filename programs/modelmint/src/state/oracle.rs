//! `Oracle`: A registered compute oracle, PDA ["oracle", authority].

use crate::{
    discriminators::account,
    pod::{PodBool, PodU64},
    state::AccountType,
};

/// A registered compute oracle, PDA ["oracle", authority].
#[repr(C)]
pub struct Oracle {
    /// Key that signs the oracle's transactions.
    pub authority: [u8; 32],
    /// Ed25519 key whose signatures over results are verified on-chain.
    pub attestation_key: [u8; 32],
    /// Bits: 1 = inference, 2 = training.
    pub capabilities: u8,
    /// Only active oracles claim and submit.
    pub active: PodBool,
    /// Canonical bump of the PDA.
    pub bump: u8,
    /// Jobs settled after delivery.
    pub completed: PodU64,
    /// Jobs failed by this oracle.
    pub failed: PodU64,
    /// Disputes resolved with a refund.
    pub disputes_lost: PodU64,
    /// Room for later fields.
    pub reserved: [u8; 32],
}

// SAFETY: repr(C), byte arrays and Pod fields only.
unsafe impl AccountType for Oracle {
    const DISCRIMINATOR: [u8; 8] = account::ORACLE;
}

impl Oracle {
    /// `authority` signed, is this oracle's authority, the oracle is active
    /// and has `capability`.
    pub fn require(
        &self,
        authority: &pinocchio::AccountView,
        capability: u8,
    ) -> Result<(), pinocchio::error::ProgramError> {
        use crate::errors::ModelmintError;
        crate::checks::signer(authority)?;
        if &self.authority != authority.address().as_array() {
            return Err(ModelmintError::Unauthorized.into());
        }
        if !self.active.get() {
            return Err(ModelmintError::OracleInactive.into());
        }
        if self.capabilities & capability == 0 {
            return Err(ModelmintError::MissingCapability.into());
        }
        Ok(())
    }

    /// Adds one to a counter.
    pub fn bump_counter(counter: &mut crate::pod::PodU64) -> Result<(), crate::errors::ModelmintError> {
        let v = counter.get().checked_add(1).ok_or(crate::errors::ModelmintError::ArithmeticOverflow)?;
        counter.set(v);
        Ok(())
    }
}
