//! `close_pass`: the holder closes a pass and gets its unused balance back
//! exactly, with the account's rent.
//!
//! Accounts: 0 `user` [signer, writable]; 1 `model` [writable]; 2 `pass`
//! [writable]; SPL: 3 `user_token` [writable], 4 `vault` [writable],
//! 5 `payment_mint`, 6 `token_program`.

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks,
    events::PassClosed,
    instructions::revoke_access::RefundPass,
    payments::{optional, Spl},
    processor::Context,
    state::{AccountType, Model},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [user, model, pass] = *checks::accounts::<3>(ctx.accounts)?;
    ArgReader::new(ctx.args).finish()?;
    checks::writable_signer(&user)?;
    let m = Model::load_writable(&model, program_id)?;
    let spl = Spl::for_model(
        m,
        optional(ctx.accounts, 5, program_id),
        optional(ctx.accounts, 4, program_id),
        optional(ctx.accounts, 6, program_id),
    )?;
    let refund = RefundPass {
        program_id,
        model: &model,
        user: &user,
        pass: &pass,
        user_token: optional(ctx.accounts, 3, program_id),
        spl: spl.as_ref(),
    }
    .execute(m)?;
    PassClosed { model: model.address().to_bytes(), user: user.address().to_bytes(), refund }.emit();
    Ok(())
}
