//! Account types. Each is a `#[repr(C)]` struct of byte arrays (alignment 1)
//! stored after the 8-byte Anchor discriminator, so its in-memory layout is
//! its Borsh layout and it is read in place without copying.

pub mod access_grant;
pub mod config;
pub mod fee_vault;
pub mod job;
pub mod model;
pub mod model_version;
pub mod oracle;
pub mod pass;
pub mod subscription;
pub mod trusted_mint;

pub use access_grant::AccessGrant;
pub use config::Config;
pub use fee_vault::FeeVault;
pub use job::Job;
pub use model::Model;
pub use model_version::ModelVersion;
pub use oracle::Oracle;
pub use pass::Pass;
pub use subscription::Subscription;
pub use trusted_mint::TrustedMint;

use pinocchio::{error::ProgramError, AccountView, Address};

use crate::errors::ModelmintError;

/// A program account type with an Anchor discriminator.
///
/// # Safety
/// Implementors must be `#[repr(C)]`, alignment 1, and valid for every bit
/// pattern (only byte arrays and `Pod*` fields), so any byte slice of the
/// right length is a valid value.
pub unsafe trait AccountType: Sized {
    /// `sha256("account:<Name>")[..8]`.
    const DISCRIMINATOR: [u8; 8];
    /// Account data length: discriminator plus body.
    const SPACE: usize = 8 + core::mem::size_of::<Self>();

    /// Reads the body of an account whose data starts with the discriminator.
    fn from_bytes(data: &[u8]) -> Result<&Self, ProgramError> {
        const { assert!(core::mem::align_of::<Self>() == 1) };
        match data.split_first_chunk::<8>() {
            Some((disc, body)) if *disc == Self::DISCRIMINATOR && body.len() == core::mem::size_of::<Self>() => {
                // SAFETY: length checked, alignment 1, every bit pattern valid.
                Ok(unsafe { &*(body.as_ptr() as *const Self) })
            }
            _ => Err(ModelmintError::InvalidAccountData.into()),
        }
    }

    /// Mutable variant of [`AccountType::from_bytes`].
    fn from_bytes_mut(data: &mut [u8]) -> Result<&mut Self, ProgramError> {
        const { assert!(core::mem::align_of::<Self>() == 1) };
        match data.split_first_chunk_mut::<8>() {
            Some((disc, body)) if *disc == Self::DISCRIMINATOR && body.len() == core::mem::size_of::<Self>() => {
                // SAFETY: as above.
                Ok(unsafe { &mut *(body.as_mut_ptr() as *mut Self) })
            }
            _ => Err(ModelmintError::InvalidAccountData.into()),
        }
    }

    /// Writes the discriminator into fresh account data and returns the
    /// zeroed body to fill in.
    fn init(data: &mut [u8]) -> Result<&mut Self, ProgramError> {
        let disc = data.first_chunk_mut::<8>().ok_or(ProgramError::from(ModelmintError::InvalidAccountData))?;
        *disc = Self::DISCRIMINATOR;
        Self::from_bytes_mut(data)
    }

    /// Checks owner (this program) and type (discriminator and size) of a
    /// live account, guarding against wrong-owner and type-cosplay attacks,
    /// and returns it for reading and writing in place.
    ///
    /// Each handler loads each account once; two roles can never alias one
    /// account of the same type because no instruction takes two accounts of
    /// one program type, and different types fail the discriminator check.
    #[allow(clippy::mut_from_ref)]
    fn load<'a>(account: &'a AccountView, program_id: &Address) -> Result<&'a mut Self, ProgramError> {
        crate::checks::owned_by(account, program_id)?;
        // SAFETY: the account's data region is valid for its length for the
        // whole instruction; see the aliasing note above.
        let data = unsafe { core::slice::from_raw_parts_mut(account.data_ptr() as *mut u8, account.data_len()) };
        Self::from_bytes_mut(data)
    }

    /// Like [`AccountType::load`], also requiring the account to be writable.
    #[allow(clippy::mut_from_ref)]
    fn load_writable<'a>(account: &'a AccountView, program_id: &Address) -> Result<&'a mut Self, ProgramError> {
        crate::checks::writable(account)?;
        Self::load(account, program_id)
    }

    /// Writes the discriminator into a freshly created account and returns the
    /// zeroed body.
    #[allow(clippy::mut_from_ref)]
    fn init_account(account: &AccountView) -> Result<&mut Self, ProgramError> {
        // SAFETY: as in `load`; the account was just created by this instruction.
        let data = unsafe { core::slice::from_raw_parts_mut(account.data_ptr() as *mut u8, account.data_len()) };
        Self::init(data)
    }
}
