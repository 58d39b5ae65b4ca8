//! Program errors. Codes start at 6000 as Anchor's do, so Anchor-aware tools
//! decode them; codes are only ever appended, never renumbered.

use pinocchio::error::ProgramError;

/// Every custom error the program returns, as `ProgramError::Custom(code)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum ModelmintError {
    /// The signer is not allowed to perform this action.
    Unauthorized = 6000,
    /// Instruction data is truncated, has trailing bytes or an invalid value.
    InvalidInstructionData = 6001,
    /// The 8-byte instruction discriminator matches no instruction.
    UnknownInstruction = 6002,
    /// The account was already initialised.
    AlreadyInitialized = 6003,
    /// A required signature is missing.
    MissingSignature = 6004,
    /// An account that must be writable is read-only.
    AccountNotWritable = 6005,
    /// An account is owned by the wrong program.
    InvalidAccountOwner = 6006,
    /// An account's discriminator or size does not match its expected type.
    InvalidAccountData = 6007,
    /// An account is not the PDA its seeds and canonical bump derive.
    InvalidPda = 6008,
    /// A program account is not the expected program.
    InvalidProgram = 6009,
    /// Too few accounts were passed.
    NotEnoughAccounts = 6010,
    /// The fee exceeds the maximum of 2,000 basis points.
    FeeTooHigh = 6011,
    /// A duration is outside its allowed range.
    InvalidDuration = 6012,
    /// Checked arithmetic overflowed.
    ArithmeticOverflow = 6013,
}

impl ModelmintError {
    /// The error with this code, if any; lets tests walk every code and
    /// compare names with the IDL.
    pub fn from_code(code: u32) -> Option<Self> {
        use ModelmintError::*;
        const ALL: [ModelmintError; 14] = [
            Unauthorized,
            InvalidInstructionData,
            UnknownInstruction,
            AlreadyInitialized,
            MissingSignature,
            AccountNotWritable,
            InvalidAccountOwner,
            InvalidAccountData,
            InvalidPda,
            InvalidProgram,
            NotEnoughAccounts,
            FeeTooHigh,
            InvalidDuration,
            ArithmeticOverflow,
        ];
        ALL.into_iter().find(|e| *e as u32 == code)
    }
}

impl From<ModelmintError> for ProgramError {
    fn from(e: ModelmintError) -> Self {
        ProgramError::Custom(e as u32)
    }
}
