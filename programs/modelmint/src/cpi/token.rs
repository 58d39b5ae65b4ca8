//! SPL Token and Token-2022 accounts and calls. Payment mints may belong to
//! either program; the asset mint is always Token-2022.

use pinocchio::{
    cpi::{invoke_signed, Signer},
    error::ProgramError,
    instruction::{InstructionAccount, InstructionView},
    AccountView, Address, ProgramResult,
};

use crate::{
    constants::token_kind,
    errors::ModelmintError,
    ids::{TOKEN_2022_PROGRAM, TOKEN_PROGRAM},
};

/// Size of a token account without extensions.
pub const ACCOUNT_LEN: usize = 165;
/// Size of a mint without extensions.
pub const MINT_LEN: usize = 82;

/// Which token program `program` is, or an error for anything else (a fake
/// token program must never be invoked).
pub fn kind_of(program: &AccountView) -> Result<u8, ProgramError> {
    let a = program.address();
    if a == &TOKEN_PROGRAM {
        Ok(token_kind::SPL_TOKEN)
    } else if a == &TOKEN_2022_PROGRAM {
        Ok(token_kind::TOKEN_2022)
    } else {
        Err(ModelmintError::InvalidProgram.into())
    }
}

/// The fields of a token account the program reads.
pub struct TokenAccount {
    pub mint: [u8; 32],
    pub owner: [u8; 32],
    pub amount: u64,
}

/// Size of a multisig account; Token-2022 never sizes a token account so.
const MULTISIG_LEN: usize = 355;
/// Token-2022's account-type byte (after the 165-byte base) for token accounts.
const ACCOUNT_TYPE_ACCOUNT: u8 = 2;

/// Reads an initialised token account owned by `program`. Mints and
/// multisigs are refused by their layout: a token account is exactly 165
/// bytes, or longer with the Token-2022 account-type byte 2 at offset 165
/// and never 355 bytes (a multisig's signer keys are attacker-chosen bytes
/// and could otherwise pass as mint, owner and amount).
pub fn read_account(account: &AccountView, program: &Address) -> Result<TokenAccount, ProgramError> {
    let len = account.data_len();
    if !account.owned_by(program) || len < ACCOUNT_LEN || len == MULTISIG_LEN {
        return Err(ModelmintError::InvalidTokenAccount.into());
    }
    // SAFETY: read-only view; no mutable borrow is alive.
    let d = unsafe { account.borrow_unchecked() };
    if len > ACCOUNT_LEN && d.get(ACCOUNT_LEN) != Some(&ACCOUNT_TYPE_ACCOUNT) {
        return Err(ModelmintError::InvalidTokenAccount.into());
    }
    let field =
        |at: usize| -> [u8; 32] { d.get(at..at.saturating_add(32)).and_then(|s| s.try_into().ok()).unwrap_or([0; 32]) };
    // Byte 108 is the account state: 1 = initialised, 2 = frozen.
    if d.get(108) != Some(&1) {
        return Err(ModelmintError::InvalidTokenAccount.into());
    }
    let amount = d.get(64..72).and_then(|s| s.try_into().ok()).map(u64::from_le_bytes).unwrap_or(0);
    Ok(TokenAccount { mint: field(0), owner: field(32), amount })
}

/// Checks a token account holds `mint` for `owner` and is not the vault.
pub fn check_account(
    account: &AccountView,
    program: &Address,
    mint: &[u8; 32],
    owner: &[u8; 32],
) -> Result<(), ProgramError> {
    let t = read_account(account, program)?;
    if &t.mint == mint && &t.owner == owner {
        Ok(())
    } else {
        Err(ModelmintError::InvalidTokenAccount.into())
    }
}

/// The fields of a payment mint the program reads.
pub struct Mint {
    pub decimals: u8,
    /// Whether someone can freeze accounts of this mint.
    pub has_freeze_authority: bool,
}

/// Reads a payment mint, refusing mints with extensions (transfer fees,
/// hooks, permanent delegates would break the escrow arithmetic).
pub fn read_mint(mint: &AccountView, program: &Address) -> Result<Mint, ProgramError> {
    if !mint.owned_by(program) || mint.data_len() != MINT_LEN {
        return Err(ModelmintError::InvalidMint.into());
    }
    // SAFETY: read-only view.
    let d = unsafe { mint.borrow_unchecked() };
    // Byte 44: decimals; byte 45: is_initialized; bytes 46..50: the freeze
    // authority's COption tag (1 = some), little-endian u32.
    match (d.get(45), d.get(44), d.get(46..50)) {
        (Some(1), Some(dec), Some(tag)) => Ok(Mint { decimals: *dec, has_freeze_authority: tag != [0, 0, 0, 0] }),
        _ => Err(ModelmintError::InvalidMint.into()),
    }
}

/// `TransferChecked` between token accounts.
pub struct TransferChecked<'a> {
    pub program: &'a AccountView,
    pub from: &'a AccountView,
    pub mint: &'a AccountView,
    pub to: &'a AccountView,
    pub authority: &'a AccountView,
    pub amount: u64,
    pub decimals: u8,
}

impl TransferChecked<'_> {
    pub fn invoke(&self, signers: &[Signer]) -> ProgramResult {
        if self.amount == 0 {
            return Ok(());
        }
        let mut data = [0u8; 10];
        data[0] = 12;
        data[1..9].copy_from_slice(&self.amount.to_le_bytes());
        data[9] = self.decimals;
        let metas = [
            InstructionAccount::writable(self.from.address()),
            InstructionAccount::readonly(self.mint.address()),
            InstructionAccount::writable(self.to.address()),
            InstructionAccount::readonly_signer(self.authority.address()),
        ];
        let ix = InstructionView { program_id: self.program.address(), accounts: &metas, data: &data };
        invoke_signed(&ix, &[self.from, self.mint, self.to, self.authority], signers)
    }
}

/// `InitializeAccount3`: a token account for `mint` owned by `owner`.
pub fn initialize_account3(
    program: &AccountView,
    account: &AccountView,
    mint: &AccountView,
    owner: &Address,
) -> ProgramResult {
    let mut data = [0u8; 33];
    data[0] = 18;
    data[1..33].copy_from_slice(owner.as_ref());
    let metas = [InstructionAccount::writable(account.address()), InstructionAccount::readonly(mint.address())];
    let ix = InstructionView { program_id: program.address(), accounts: &metas, data: &data };
    invoke_signed(&ix, &[account, mint], &[])
}

/// `InitializeMint2` with no freeze authority.
pub fn initialize_mint2(program: &AccountView, mint: &AccountView, decimals: u8, authority: &Address) -> ProgramResult {
    let mut data = [0u8; 35];
    data[0] = 20;
    data[1] = decimals;
    data[2..34].copy_from_slice(authority.as_ref());
    // data[34] = 0: no freeze authority.
    let metas = [InstructionAccount::writable(mint.address())];
    let ix = InstructionView { program_id: program.address(), accounts: &metas, data: &data };
    invoke_signed(&ix, &[mint], &[])
}

/// `MintTo` signed by the mint authority PDA.
pub fn mint_to(
    program: &AccountView,
    mint: &AccountView,
    to: &AccountView,
    authority: &AccountView,
    signers: &[Signer],
) -> ProgramResult {
    let mut data = [0u8; 9];
    data[0] = 7;
    data[1..9].copy_from_slice(&1u64.to_le_bytes());
    let metas = [
        InstructionAccount::writable(mint.address()),
        InstructionAccount::writable(to.address()),
        InstructionAccount::readonly_signer(authority.address()),
    ];
    let ix = InstructionView { program_id: program.address(), accounts: &metas, data: &data };
    invoke_signed(&ix, &[mint, to, authority], signers)
}

/// `SetAuthority(MintTokens, None)`: fixes the supply forever.
pub fn revoke_mint_authority(
    program: &AccountView,
    mint: &AccountView,
    authority: &AccountView,
    signers: &[Signer],
) -> ProgramResult {
    let data = [6u8, 0, 0];
    let metas =
        [InstructionAccount::writable(mint.address()), InstructionAccount::readonly_signer(authority.address())];
    let ix = InstructionView { program_id: program.address(), accounts: &metas, data: &data };
    invoke_signed(&ix, &[mint, authority], signers)
}

/// Token-2022 `MetadataPointerExtension::Initialize`: authority and pointer
/// to the mint itself. Must precede `InitializeMint2`.
pub fn initialize_metadata_pointer(program: &AccountView, mint: &AccountView, authority: &Address) -> ProgramResult {
    let mut data = [0u8; 66];
    data[0] = 39;
    data[1] = 0;
    data[2..34].copy_from_slice(authority.as_ref());
    data[34..66].copy_from_slice(mint.address().as_ref());
    let metas = [InstructionAccount::writable(mint.address())];
    let ix = InstructionView { program_id: program.address(), accounts: &metas, data: &data };
    invoke_signed(&ix, &[mint], &[])
}
