//! `set_trusted_mint(trusted)`: the admin adds a payment mint that has a
//! freeze authority to the trusted list (creating its `TrustedMint` PDA) or
//! removes it (closing the PDA, rent back to the admin). Models created
//! while a mint is trusted keep their payment mint; removal only stops new
//! models from choosing it.
//!
//! Accounts: 0 `admin` [signer, writable] payer; 1 `config`; 2 `mint`;
//! 3 `trusted_mint` [writable] PDA `["trusted_mint", mint]`;
//! 4 `system_program`. Args: trusted bool.

use pinocchio::{cpi::Seed, ProgramResult};

use crate::{
    args::ArgReader,
    checks,
    cpi::{system::check_program, token},
    errors::ModelmintError,
    events::TrustedMintSet,
    pda::{self, runtime, CreatePda},
    processor::Context,
    seeds,
    state::{AccountType, Config, TrustedMint},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [admin, config, mint, trusted_mint, system_program] = *checks::accounts::<5>(ctx.accounts)?;
    let mut r = ArgReader::new(ctx.args);
    let trusted = r.bool()?;
    r.finish()?;
    Config::load(&config, program_id)?.require_admin(&admin)?;
    checks::writable_signer(&admin)?;
    checks::writable(&trusted_mint)?;
    let mint_key = mint.address().to_bytes();
    if trusted {
        // Only a real payment mint (no extensions) can be trusted.
        let program = if mint.owned_by(&crate::ids::TOKEN_PROGRAM) {
            &crate::ids::TOKEN_PROGRAM
        } else {
            &crate::ids::TOKEN_2022_PROGRAM
        };
        token::read_mint(&mint, program)?;
        check_program(&system_program)?;
        let bump = pda::canonical(&trusted_mint, &[runtime(seeds::TRUSTED_MINT), &mint_key], program_id)?;
        let b = [bump];
        CreatePda { payer: &admin, account: &trusted_mint, space: TrustedMint::SPACE, owner: program_id, extra: 0 }
            .invoke(&[Seed::from(runtime(seeds::TRUSTED_MINT)), Seed::from(&mint_key), Seed::from(&b)])?;
        let t = TrustedMint::init_account(&trusted_mint)?;
        t.mint = mint_key;
        t.bump = bump;
    } else {
        let t = TrustedMint::load_writable(&trusted_mint, program_id)?;
        if t.mint != mint_key {
            return Err(ModelmintError::WrongAccount.into());
        }
        pda::close(&trusted_mint, &admin)?;
    }
    TrustedMintSet { mint: mint_key, trusted }.emit();
    Ok(())
}
