//! `request_training`: the asset holder pays a training fee into escrow for
//! a fine-tune of the current version (or from the base model when there is
//! none) on a dataset, with a training config, both on IPFS.
//!
//! Accounts: 0 `owner` [signer, writable] payer; 1 `config`; 2 `model`
//! [writable]; 3 `owner_asset`; 4 `job` [writable] PDA `["job", owner,
//! nonce]`; 5 `system_program`; optional: 6 `base_version` (required when
//! the model has a current version); SPL: 7 `owner_token` [writable],
//! 8 `vault` [writable], 9 `payment_mint`, 10 `token_program`.
//! Args: nonce u64, dataset_cid, config_cid, fee u64.

use pinocchio::ProgramResult;

use crate::{
    access::require_holder,
    args::ArgReader,
    checks, clock,
    constants::{job_kind, model_status, payment_mode},
    cpi::system::check_program,
    errors::ModelmintError,
    jobs::NewJob,
    payments::{escrow_add, optional, Spl},
    processor::Context,
    state::{AccountType, Config, Model, ModelVersion},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [owner, config, model, owner_asset, job, system_program] = *checks::accounts::<6>(ctx.accounts)?;
    check_program(&system_program)?;
    let cfg = Config::load(&config, program_id)?;
    cfg.require_active()?;
    let m = Model::load_writable(&model, program_id)?;
    require_holder(m, &owner, &owner_asset)?;

    let mut r = ArgReader::new(ctx.args);
    let nonce = r.u64()?;
    let dataset_cid = r.cid()?;
    let config_cid = r.cid()?;
    let fee = r.u64()?;
    r.finish()?;

    let current = m.current_version.get();
    let weights_cid = if current == 0 {
        crate::cid::NONE
    } else {
        let view = optional(ctx.accounts, 6, program_id).ok_or(ModelmintError::VersionUnavailable)?;
        let v = ModelVersion::load(view, program_id)?;
        if v.model != model.address().to_bytes() || v.version.get() != current {
            return Err(ModelmintError::VersionUnavailable.into());
        }
        v.weights_cid
    };
    let spl = Spl::for_model(
        m,
        optional(ctx.accounts, 9, program_id),
        optional(ctx.accounts, 8, program_id),
        optional(ctx.accounts, 10, program_id),
    )?;

    NewJob {
        program_id,
        requester: &owner,
        job: &job,
        nonce,
        model: model.address().to_bytes(),
        kind: job_kind::TRAINING,
        mode: payment_mode::TRAINING_FEE,
        version: current,
        weights_cid,
        input_cid: dataset_cid,
        config_cid,
        payment_mint: m.payment_mint,
        escrow: fee,
        sol_escrow: if spl.is_none() { fee } else { 0 },
        fee_bps: cfg.fee_bps.get(),
        now: clock::now()?,
        timeout: cfg.training_timeout_secs.get(),
    }
    .create()?;

    if let Some(spl) = &spl {
        let from = optional(ctx.accounts, 7, program_id).ok_or(ModelmintError::NotEnoughAccounts)?;
        spl.transfer_in(from, &owner, spl.vault, fee)?;
        escrow_add(m, fee)?;
    }
    if m.status == model_status::DRAFT {
        m.status = model_status::TRAINING;
    }
    Ok(())
}
