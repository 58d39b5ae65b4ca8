//! Account types. Each is a `#[repr(C)]` struct of byte arrays (alignment 1)
//! stored after the 8-byte Anchor discriminator, so its in-memory layout is
//! its Borsh layout and it is read in place without copying.

pub mod config;

pub use config::Config;

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
    /// and returns it for in-place reads.
    fn check(account: &AccountView, program_id: &Address) -> Result<(), ProgramError> {
        crate::checks::owned_by(account, program_id)?;
        // SAFETY: no mutable borrow of this account is alive in the caller.
        Self::from_bytes(unsafe { account.borrow_unchecked() }).map(|_| ())
    }
}
