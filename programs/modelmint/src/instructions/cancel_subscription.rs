//! `cancel_subscription`: while a model is not ready (its holder paused it,
//! or put it back to draft), its subscribers cannot use it; each may cancel
//! and get the unused time back pro rata from the model's revenue, with the
//! subscription's rent. A ready model's subscriptions run their course.
//!
//! Accounts: 0 `user` [signer, writable]; 1 `model` [writable];
//! 2 `subscription` [writable]; SPL: 3 `user_token` [writable], 4 `vault`
//! [writable], 5 `payment_mint`, 6 `token_program`.

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks, clock,
    constants::model_status,
    errors::ModelmintError,
    events::SubscriptionCancelled,
    payments::{optional, Spl},
    processor::Context,
    state::{AccountType, Model},
    subscription_refund::RefundSubscription,
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [user, model, subscription] = *checks::accounts::<3>(ctx.accounts)?;
    ArgReader::new(ctx.args).finish()?;
    checks::writable_signer(&user)?;
    let m = Model::load_writable(&model, program_id)?;
    if m.status == model_status::READY {
        return Err(ModelmintError::ModelStillReady.into());
    }
    let spl = Spl::for_model(
        m,
        optional(ctx.accounts, 5, program_id),
        optional(ctx.accounts, 4, program_id),
        optional(ctx.accounts, 6, program_id),
    )?;
    let refund = RefundSubscription {
        program_id,
        model: &model,
        user: &user,
        subscription: &subscription,
        user_token: optional(ctx.accounts, 3, program_id),
        spl: spl.as_ref(),
        now: clock::now()?,
    }
    .execute(m)?;
    SubscriptionCancelled { model: model.address().to_bytes(), user: user.address().to_bytes(), refund }.emit();
    Ok(())
}
