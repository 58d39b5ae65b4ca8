//! `resolve_dispute(refund_bps)`: the arbiter decides a disputed job:
//! `refund_bps` of the escrow back to the requester, the rest split like a
//! settlement. Any refund counts as a dispute lost by the oracle. A disputed
//! training job never publishes a version, and its model, if still marked
//! training, returns to draft (the only status training starts from). The
//! arbiter decides until the job's `resolve_by`; after it the dispute is
//! refunded in full by `refund_expired`.
//!
//! Accounts: 0 `arbiter` [signer]; 1 `config`; 2 `job` [writable];
//! 3 `requester` [writable]; 4 `model` [writable]; 5 `oracle` [writable];
//! 6 `payee` [writable] (the model for inference, the oracle's authority for
//! training); 7 `fee_vault` [writable]; SPL: 8 `requester_token`,
//! 9 `payee_token`, 10 `treasury_token` [writable], 11 `vault` [writable],
//! 12 `payment_mint`, 13 `token_program`. Args: refund_bps u16.

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks, clock,
    constants::{job_kind, job_status, model_status},
    errors::ModelmintError,
    events::DisputeResolved,
    instructions::settle_job::JobPayout,
    lifecycle,
    math::settlement,
    payments::count_revenue,
    processor::Context,
    state::{AccountType, Config, Job, Oracle},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [arbiter, config, job, _requester, _model, oracle] = *checks::accounts::<6>(ctx.accounts)?;
    let mut r = ArgReader::new(ctx.args);
    let refund_bps = r.u16()?;
    r.finish()?;
    checks::signer(&arbiter)?;
    let cfg = Config::load(&config, program_id)?;
    if &cfg.arbiter != arbiter.address().as_array() {
        return Err(ModelmintError::Unauthorized.into());
    }
    let j = Job::load_writable(&job, program_id)?;
    lifecycle::resolve(j.status, clock::now()?, j.resolve_by.get())?;
    let outcome = settlement::resolve(j.escrow.get(), refund_bps, j.fee_bps.get())?;
    let o = Oracle::load_writable(&oracle, program_id)?;
    if &j.oracle != oracle.address().as_array() {
        return Err(ModelmintError::WrongAccount.into());
    }
    let m = JobPayout { ctx, job: j, config: cfg, oracle_authority: o.authority, job_at: 2, base: 3 }.pay(&outcome)?;
    if j.kind == job_kind::INFERENCE {
        count_revenue(m, outcome.payee.saturating_add(outcome.fee))?;
    } else if m.status == model_status::TRAINING {
        m.status = model_status::DRAFT;
    }
    j.status = job_status::SETTLED;
    j.refund_bps.set(refund_bps);
    if refund_bps > 0 {
        Oracle::bump_counter(&mut o.disputes_lost)?;
    }
    DisputeResolved {
        job: job.address().to_bytes(),
        arbiter: arbiter.address().to_bytes(),
        refund_bps,
        refund: outcome.refund,
        payee_share: outcome.payee,
        fee: outcome.fee,
    }
    .emit();
    Ok(())
}
