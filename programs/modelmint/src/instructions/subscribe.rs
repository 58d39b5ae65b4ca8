//! `subscribe(months)`: buys or renews 30-day periods. The price is split at
//! purchase: the fee to the fee vault (SOL) or the treasury's token account
//! (SPL), the rest to the model's revenue. Renewal extends from the later of
//! now and the expiry. The subscription records what its time is worth
//! (unused value carried over plus the price) so that a revocation, or a
//! cancellation while the model is paused, refunds the unused part exactly.
//!
//! Accounts: 0 `user` [signer, writable] payer; 1 `config`; 2 `model`
//! [writable]; 3 `subscription` [writable] PDA `["sub", model, user]`;
//! 4 `fee_vault` [writable]; 5 `system_program`; optional: 6 `grant`;
//! SPL: 7 `user_token` [writable], 8 `vault` [writable], 9 `treasury_token`
//! [writable], 10 `payment_mint`, 11 `token_program`.
//! Args: months u16, max_price u64.

use pinocchio::ProgramResult;

use crate::{
    access::Access,
    args::ArgReader,
    checks, clock,
    constants::model_status,
    cpi::system,
    errors::ModelmintError,
    events::Subscribed,
    lamports,
    math::{fees::split, subscription},
    payments::{count_revenue, optional, Spl},
    per_user::OpenPerUser,
    processor::Context,
    state::{AccountType, Config, FeeVault, Model, Subscription},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [user, config, model, sub, fee_vault, system_program] = *checks::accounts::<6>(ctx.accounts)?;
    checks::writable_signer(&user)?;
    let cfg = Config::load(&config, program_id)?;
    cfg.require_active()?;
    FeeVault::load_writable(&fee_vault, program_id)?;
    let m = Model::load_writable(&model, program_id)?;
    let mut r = ArgReader::new(ctx.args);
    let months = r.u16()?;
    let max_price = r.u64()?;
    r.finish()?;

    let now = clock::now()?;
    Access {
        model: m,
        model_key: model.address(),
        user: user.address(),
        grant: optional(ctx.accounts, 6, program_id),
        program_id,
    }
    .require(now)?;
    if m.status != model_status::READY {
        return Err(ModelmintError::ModelNotReady.into());
    }
    let monthly = m.subscription_price.get();
    if monthly == 0 {
        return Err(ModelmintError::ModeNotOffered.into());
    }
    let price = subscription::price(monthly, months)?;
    if price > max_price {
        return Err(ModelmintError::PriceChanged.into());
    }
    let parts = split(price, cfg.fee_bps.get())?;
    let spl = Spl::for_model(
        m,
        optional(ctx.accounts, 10, program_id),
        optional(ctx.accounts, 8, program_id),
        optional(ctx.accounts, 11, program_id),
    )?;

    // The subscription account: created on first purchase. For SOL it takes
    // the price with it, then passes it on without another transfer.
    let (model_key, user_key) = (model.address().to_bytes(), user.address().to_bytes());
    let sol = spl.is_none();
    let (s, created) = OpenPerUser {
        program_id,
        payer: &user,
        account: &sub,
        system_program: &system_program,
        model: model_key,
        user: user_key,
        extra: if sol { price } else { 0 },
    }
    .open::<Subscription>()?;
    if !created && sol {
        system::transfer(&user, &sub, price)?;
    }

    match &spl {
        None => {
            lamports::transfer(&sub, &model, parts.creator)?;
            lamports::transfer(&sub, &fee_vault, parts.fee)?;
        }
        Some(spl) => {
            let from = optional(ctx.accounts, 7, program_id).ok_or(ModelmintError::NotEnoughAccounts)?;
            let treasury_token = optional(ctx.accounts, 9, program_id).ok_or(ModelmintError::NotEnoughAccounts)?;
            spl.check_owner(treasury_token, &cfg.treasury)?;
            spl.transfer_in(from, &user, spl.vault, parts.creator)?;
            spl.transfer_in(from, &user, treasury_token, parts.fee)?;
        }
    }
    count_revenue(m, price)?;
    let current =
        subscription::Period { value: s.value.get(), since: s.value_since.get(), expires_at: s.expires_at.get() };
    let next = subscription::renew(&current, now, price, months)?;
    s.expires_at.set(next.expires_at);
    s.value.set(next.value);
    s.value_since.set(next.since);
    Subscribed {
        model: model_key,
        user: user_key,
        months,
        amount: price,
        creator_share: parts.creator,
        fee: parts.fee,
        expires_at: next.expires_at,
        payment_mint: m.payment_mint,
        value: next.value,
        value_since: next.since,
    }
    .emit();
    Ok(())
}
