//! `request_generation`: a consumer pays for one inference. Per use, the
//! model's price is escrowed in the job (refused if above `max_price`); with
//! a subscription nothing is escrowed; with a pass one unit moves from the
//! pass into the job. Allowlist models need a live grant for per-use and pass
//! requests; an unexpired subscription is access in itself, so a model
//! switched to allowlist keeps serving its subscribers until they expire or
//! the holder revokes them (refunded pro rata).
//!
//! Accounts: 0 `requester` [signer, writable] payer; 1 `config`; 2 `model`
//! (writable for SPL); 3 `model_version`; 4 `job` [writable] PDA
//! `["job", requester, nonce]`; 5 `system_program`; optional: 6 `grant`,
//! 7 `subscription`, 8 `pass` [writable]; SPL: 9 `requester_token`
//! [writable], 10 `vault` [writable], 11 `payment_mint`, 12 `token_program`.
//! Args: nonce u64, input_cid, mode u8, max_price u64, version u32 (0 = current).

use pinocchio::ProgramResult;

use crate::{
    access::Access,
    args::ArgReader,
    checks, clock,
    constants::{job_kind, model_status, payment_mode},
    cpi::system::check_program,
    errors::ModelmintError,
    jobs::NewJob,
    lamports,
    math::pass,
    payments::{escrow_add, optional, Spl},
    processor::Context,
    state::{AccountType, Config, Model, ModelVersion, Pass, Subscription},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [requester, config, model, version_view, job, system_program] = *checks::accounts::<6>(ctx.accounts)?;
    check_program(&system_program)?;
    let cfg = Config::load(&config, program_id)?;
    cfg.require_active()?;
    let m = Model::load(&model, program_id)?;

    let mut r = ArgReader::new(ctx.args);
    let nonce = r.u64()?;
    let input_cid = r.cid()?;
    let mode = r.u8()?;
    let max_price = r.u64()?;
    let requested_version = r.u32()?;
    r.finish()?;

    let now = clock::now()?;
    if m.status != model_status::READY {
        return Err(ModelmintError::ModelNotReady.into());
    }
    if mode != payment_mode::SUBSCRIPTION {
        Access {
            model: m,
            model_key: model.address(),
            user: requester.address(),
            grant: optional(ctx.accounts, 6, program_id),
            program_id,
        }
        .require(now)?;
    }
    let target = if requested_version == 0 { m.current_version.get() } else { requested_version };
    // A version that was never published is an empty system account.
    if !version_view.owned_by(program_id) {
        return Err(ModelmintError::VersionUnavailable.into());
    }
    let v = ModelVersion::load(&version_view, program_id)?;
    if v.model != model.address().to_bytes() || v.version.get() != target || target == 0 || v.yanked.get() {
        return Err(ModelmintError::VersionUnavailable.into());
    }

    let spl = Spl::for_model(
        m,
        optional(ctx.accounts, 11, program_id),
        optional(ctx.accounts, 10, program_id),
        optional(ctx.accounts, 12, program_id),
    )?;
    let (escrow, from_user, from_pass) = match mode {
        payment_mode::PER_USE => {
            let price = m.price_per_use.get();
            if price > max_price {
                return Err(ModelmintError::PriceChanged.into());
            }
            (price, price, 0)
        }
        payment_mode::SUBSCRIPTION => {
            // A wallet that never subscribed passes an empty system account.
            let sub = optional(ctx.accounts, 7, program_id)
                .filter(|a| a.owned_by(program_id))
                .ok_or(ModelmintError::SubscriptionExpired)?;
            let s = Subscription::load(sub, program_id)?;
            if s.model != model.address().to_bytes() || &s.user != requester.address().as_array() {
                return Err(ModelmintError::WrongAccount.into());
            }
            if now >= s.expires_at.get() {
                return Err(ModelmintError::SubscriptionExpired.into());
            }
            (0, 0, 0)
        }
        payment_mode::PASS => {
            let pass_view = optional(ctx.accounts, 8, program_id)
                .filter(|a| a.owned_by(program_id))
                .ok_or(ModelmintError::PassExhausted)?;
            let p = Pass::load_writable(pass_view, program_id)?;
            if p.model != model.address().to_bytes() || &p.user != requester.address().as_array() {
                return Err(ModelmintError::WrongAccount.into());
            }
            let amount = pass::next_use(&pass::PassState {
                uses_left: p.uses_left.get(),
                balance: p.balance.get(),
                unit_price: p.unit_price.get(),
                price: p.price.get(),
                size: p.size.get(),
            })?;
            p.uses_left.set(p.uses_left.get().saturating_sub(1));
            p.balance.set(p.balance.get().checked_sub(amount).ok_or(ModelmintError::ArithmeticOverflow)?);
            (amount, 0, amount)
        }
        _ => return Err(ModelmintError::InvalidArgument.into()),
    };

    let new_job = NewJob {
        program_id,
        requester: &requester,
        job: &job,
        nonce,
        model: model.address().to_bytes(),
        kind: job_kind::INFERENCE,
        mode,
        version: target,
        weights_cid: v.weights_cid,
        input_cid,
        config_cid: crate::cid::NONE,
        payment_mint: m.payment_mint,
        escrow,
        sol_escrow: if spl.is_none() { from_user } else { 0 },
        fee_bps: cfg.fee_bps.get(),
        now,
        timeout: cfg.inference_timeout_secs.get(),
    };
    new_job.create()?;

    match &spl {
        // Per-use SOL came with the job's creation; a pass unit moves over.
        None => {
            if let Some(pass_view) = optional(ctx.accounts, 8, program_id).filter(|_| from_pass > 0) {
                lamports::transfer(pass_view, &job, from_pass)?;
            }
        }
        Some(spl) => {
            checks::writable(&model)?;
            let m = Model::load(&model, program_id)?;
            if from_user > 0 {
                let from = optional(ctx.accounts, 9, program_id).ok_or(ModelmintError::NotEnoughAccounts)?;
                spl.transfer_in(from, &requester, spl.vault, from_user)?;
                escrow_add(m, from_user)?;
            }
            // A pass unit is already in the vault and already counted as escrow.
        }
    }
    Ok(())
}
