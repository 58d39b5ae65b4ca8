//! `refund_expired`: anyone refunds an undelivered job after its deadline,
//! or a disputed job the arbiter did not resolve by its `resolve_by`, in
//! full. No signer is needed: the money can only go to the requester.
//!
//! Accounts: 0 `job` [writable]; 1 `requester` [writable]; 2 `model`
//! [writable]; SPL: 3 `requester_token` [writable], 4 `vault` [writable],
//! 5 `payment_mint`, 6 `token_program`.

use pinocchio::{error::ProgramError, ProgramResult};

use crate::{
    args::ArgReader,
    checks, clock,
    constants::{job_kind, job_status, model_status},
    errors::ModelmintError,
    events::JobExpired,
    lifecycle,
    math::settlement,
    payments::{optional, Spl},
    payout::Payout,
    processor::Context,
    state::{AccountType, Job, Model},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [job] = *checks::accounts::<1>(ctx.accounts)?;
    ArgReader::new(ctx.args).finish()?;
    let j = Job::load(&job, ctx.program_id)?;
    lifecycle::expire(j.status, clock::now()?, j.deadline.get(), j.resolve_by.get())?;
    let refund = refund_in_full(ctx, 0, 1)?;
    JobExpired { job: job.address().to_bytes(), refund }.emit();
    Ok(())
}

/// Refunds the job at `job_at` in full and marks it refunded. The accounts
/// from `rest_at` are: requester, model, then the SPL block (requester
/// token, vault, mint, token program). A training job that ends without a
/// result puts a draft model back to draft.
pub fn refund_in_full(ctx: &Context, job_at: usize, rest_at: usize) -> Result<u64, ProgramError> {
    let program_id = ctx.program_id;
    let acc = |i: usize| ctx.accounts.get(i).ok_or(ProgramError::from(ModelmintError::NotEnoughAccounts));
    let job = acc(job_at)?;
    let requester = acc(rest_at)?;
    let model = acc(rest_at.saturating_add(1))?;
    let tail = |k: usize| optional(ctx.accounts, rest_at.saturating_add(k), program_id);
    checks::writable(job)?;
    checks::writable(requester)?;
    let j = Job::load(job, program_id)?;
    let m = Model::load_writable(model, program_id)?;
    if &j.model != model.address().as_array() {
        return Err(ModelmintError::WrongAccount.into());
    }
    let escrow = j.escrow.get();
    let payout = Payout {
        job_view: job,
        model_view: model,
        requester,
        payee: requester,
        fee_vault: requester,
        spl: Spl::for_model(m, tail(4), tail(3), tail(5))?,
        requester_token: tail(2),
        payee_token: None,
        treasury_token: None,
        payee_is_model: true,
        treasury_owner: &[0u8; 32],
    };
    payout.execute(j, m, &settlement::refund(escrow))?;
    j.status = job_status::REFUNDED;
    if j.kind == job_kind::TRAINING && m.status == model_status::TRAINING {
        m.status = model_status::DRAFT;
    }
    Ok(escrow)
}
