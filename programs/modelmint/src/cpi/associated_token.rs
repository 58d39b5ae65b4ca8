//! Associated Token Account program: the creator's account for the asset.

use pinocchio::{
    cpi::invoke_signed,
    instruction::{InstructionAccount, InstructionView},
    AccountView, ProgramResult,
};

/// `CreateIdempotent` accounts.
pub struct Create<'a> {
    pub program: &'a AccountView,
    pub payer: &'a AccountView,
    pub account: &'a AccountView,
    pub wallet: &'a AccountView,
    pub mint: &'a AccountView,
    pub system_program: &'a AccountView,
    pub token_program: &'a AccountView,
}

impl Create<'_> {
    pub fn invoke(&self) -> ProgramResult {
        let data = [1u8];
        let metas = [
            InstructionAccount::writable_signer(self.payer.address()),
            InstructionAccount::writable(self.account.address()),
            InstructionAccount::readonly(self.wallet.address()),
            InstructionAccount::readonly(self.mint.address()),
            InstructionAccount::readonly(self.system_program.address()),
            InstructionAccount::readonly(self.token_program.address()),
        ];
        let ix = InstructionView { program_id: self.program.address(), accounts: &metas, data: &data };
        invoke_signed(
            &ix,
            &[self.payer, self.account, self.wallet, self.mint, self.system_program, self.token_program],
            &[],
        )
    }
}
