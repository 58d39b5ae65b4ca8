//! `buy_pass`: buys a bulk pass of `pass_size` uses at `pass_price`. The
//! price stays in escrow (SOL in the pass account, SPL in the model's vault)
//! and each use releases exactly its share (`math::pass`). A used-up pass can
//! be bought again; one with uses left cannot. The buyer's `max_price` and
//! `min_uses` guard both terms against a change in flight.
//!
//! Accounts: 0 `user` [signer, writable] payer; 1 `config`; 2 `model`
//! [writable]; 3 `pass` [writable] PDA `["pass", model, user]`;
//! 4 `system_program`; optional: 5 `grant`; SPL: 6 `user_token` [writable],
//! 7 `vault` [writable], 8 `payment_mint`, 9 `token_program`.
//! Args: max_price u64, min_uses u32.

use pinocchio::ProgramResult;

use crate::{
    access::Access,
    args::ArgReader,
    checks, clock,
    constants::model_status,
    cpi::system,
    errors::ModelmintError,
    events::PassBought,
    math::pass,
    payments::{escrow_add, optional, Spl},
    per_user::OpenPerUser,
    processor::Context,
    state::{AccountType, Config, Model, Pass},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [user, config, model, pass_view, system_program] = *checks::accounts::<5>(ctx.accounts)?;
    checks::writable_signer(&user)?;
    Config::load(&config, program_id)?.require_active()?;
    let m = Model::load_writable(&model, program_id)?;
    let mut r = ArgReader::new(ctx.args);
    let max_price = r.u64()?;
    let min_uses = r.u32()?;
    r.finish()?;

    let now = clock::now()?;
    Access {
        model: m,
        model_key: model.address(),
        user: user.address(),
        grant: optional(ctx.accounts, 5, program_id),
        program_id,
    }
    .require(now)?;
    if m.status != model_status::READY {
        return Err(ModelmintError::ModelNotReady.into());
    }
    let (size, price) = (m.pass_size.get(), m.pass_price.get());
    let unit = pass::unit_price(price, size)?;
    // Terms set before the rule existed are refused here too.
    pass::check_terms(size, price)?;
    if price > max_price {
        return Err(ModelmintError::PriceChanged.into());
    }
    if size < min_uses {
        return Err(ModelmintError::PassSizeChanged.into());
    }
    let spl = Spl::for_model(
        m,
        optional(ctx.accounts, 8, program_id),
        optional(ctx.accounts, 7, program_id),
        optional(ctx.accounts, 9, program_id),
    )?;

    let (model_key, user_key) = (model.address().to_bytes(), user.address().to_bytes());
    let (p, created) = OpenPerUser {
        program_id,
        payer: &user,
        account: &pass_view,
        system_program: &system_program,
        model: model_key,
        user: user_key,
        // SOL: the price comes in with the account's creation.
        extra: if spl.is_none() { price } else { 0 },
    }
    .open::<Pass>()?;
    if !created {
        if p.uses_left.get() != 0 {
            return Err(ModelmintError::PassActive.into());
        }
        if spl.is_none() {
            system::transfer(&user, &pass_view, price)?;
        }
    }
    if let Some(spl) = &spl {
        let from = optional(ctx.accounts, 6, program_id).ok_or(ModelmintError::NotEnoughAccounts)?;
        spl.transfer_in(from, &user, spl.vault, price)?;
        escrow_add(m, price)?;
    }
    // A refilled pass holds nothing from the previous one (its last use took
    // the rest); balances add so nothing could be lost even if it did.
    let balance = p.balance.get().checked_add(price).ok_or(ModelmintError::ArithmeticOverflow)?;
    p.balance.set(balance);
    p.uses_left.set(size);
    p.unit_price.set(unit);
    p.price.set(price);
    p.size.set(size);
    PassBought {
        model: model_key,
        user: user_key,
        uses: size,
        amount: price,
        unit_price: unit,
        payment_mint: m.payment_mint,
    }
    .emit();
    Ok(())
}
