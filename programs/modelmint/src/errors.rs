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
    /// The instruction discriminator matches no instruction.
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
    /// The marketplace is paused: no new paid activity.
    Paused = 6014,
    /// A content identifier is not a CIDv1 with a sha2-256 multihash.
    InvalidCid = 6015,
    /// An argument is outside its allowed values.
    InvalidArgument = 6016,
    /// A name, symbol or URI is empty or too long.
    StringTooLong = 6017,
    /// The signer does not hold the model's asset.
    NotAssetHolder = 6018,
    /// The mint is not the model's payment mint or is not supported.
    InvalidMint = 6019,
    /// A token account has the wrong mint or owner.
    InvalidTokenAccount = 6020,
    /// The model has no usable version or is paused.
    ModelNotReady = 6021,
    /// The model is allowlist-only and the wallet has no grant.
    AccessDenied = 6022,
    /// The wallet's access grant has expired.
    GrantExpired = 6023,
    /// The price is above the maximum the requester accepted.
    PriceChanged = 6024,
    /// The model does not offer this payment mode.
    ModeNotOffered = 6025,
    /// The wallet has no unexpired subscription to the model.
    SubscriptionExpired = 6026,
    /// The pass has no uses left.
    PassExhausted = 6027,
    /// The pass still has uses left.
    PassActive = 6028,
    /// The model version does not exist or was yanked.
    VersionUnavailable = 6029,
    /// The oracle is not active.
    OracleInactive = 6030,
    /// The oracle lacks the capability this job needs.
    MissingCapability = 6031,
    /// The job is not in a status that allows this action.
    InvalidJobStatus = 6032,
    /// The job's deadline has passed.
    DeadlinePassed = 6033,
    /// The job's deadline has not passed yet.
    DeadlineNotReached = 6034,
    /// The dispute window has closed.
    DisputeWindowClosed = 6035,
    /// The dispute window is still open.
    DisputeWindowOpen = 6036,
    /// No Ed25519 signature instruction precedes the result.
    MissingAttestation = 6037,
    /// The Ed25519 instruction does not sign this result with the oracle's attestation key.
    InvalidAttestation = 6038,
    /// The job was already rated.
    AlreadyRated = 6039,
    /// Ratings are 1 to 5.
    InvalidRating = 6040,
    /// The same account was passed for two roles that must differ.
    DuplicateAccount = 6041,
    /// An account is not the one the program's state names.
    WrongAccount = 6042,
    /// There is no revenue to withdraw.
    NothingToWithdraw = 6043,
    /// Basis points above 10,000.
    InvalidBps = 6044,
    /// The payment mint has a freeze authority and is not on the config's trusted list.
    UntrustedMint = 6045,
    /// The pass has fewer uses than the buyer accepted.
    PassSizeChanged = 6046,
    /// A pass must cost at least one smallest unit per use (price at least its size).
    InvalidPassTerms = 6047,
    /// The model's withdrawable revenue cannot cover the refund; the holder must top it up first.
    InsufficientRevenue = 6048,
    /// A subscription is cancelled by its holder only while the model is not ready (paused).
    ModelStillReady = 6049,
}

impl ModelmintError {
    /// The error with this code, if any; lets tests walk every code and
    /// compare names with the IDL.
    pub fn from_code(code: u32) -> Option<Self> {
        use ModelmintError::*;
        const ALL: [ModelmintError; 50] = [
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
            Paused,
            InvalidCid,
            InvalidArgument,
            StringTooLong,
            NotAssetHolder,
            InvalidMint,
            InvalidTokenAccount,
            ModelNotReady,
            AccessDenied,
            GrantExpired,
            PriceChanged,
            ModeNotOffered,
            SubscriptionExpired,
            PassExhausted,
            PassActive,
            VersionUnavailable,
            OracleInactive,
            MissingCapability,
            InvalidJobStatus,
            DeadlinePassed,
            DeadlineNotReached,
            DisputeWindowClosed,
            DisputeWindowOpen,
            MissingAttestation,
            InvalidAttestation,
            AlreadyRated,
            InvalidRating,
            DuplicateAccount,
            WrongAccount,
            NothingToWithdraw,
            InvalidBps,
            UntrustedMint,
            PassSizeChanged,
            InvalidPassTerms,
            InsufficientRevenue,
            ModelStillReady,
        ];
        ALL.into_iter().find(|e| *e as u32 == code)
    }
}

impl From<ModelmintError> for ProgramError {
    fn from(e: ModelmintError) -> Self {
        ProgramError::Custom(e as u32)
    }
}
