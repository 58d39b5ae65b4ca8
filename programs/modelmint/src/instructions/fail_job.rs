//! `fail_job(reason_code)`: the claiming oracle gives up (invalid input,
//! worker failure); the requester is refunded in full.
//!
//! Accounts: 0 `authority` [signer]; 1 `oracle` [writable]; 2 `job`
//! [writable]; 3 `requester` [writable]; 4 `model` [writable]; SPL:
//! 5 `requester_token` [writable], 6 `vault` [writable], 7 `payment_mint`,
//! 8 `token_program`. Args: reason_code u16.

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks,
    errors::ModelmintError,
    events::JobFailed,
    instructions::refund_expired::refund_in_full,
    lifecycle,
    processor::Context,
    state::{AccountType, Job, Oracle},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [authority, oracle, job] = *checks::accounts::<3>(ctx.accounts)?;
    let mut r = ArgReader::new(ctx.args);
    let reason_code = r.u16()?;
    r.finish()?;
    let o = Oracle::load_writable(&oracle, ctx.program_id)?;
    let j = Job::load_writable(&job, ctx.program_id)?;
    // An oracle deactivated mid-job may still hand the money back.
    crate::checks::signer(&authority)?;
    if &o.authority != authority.address().as_array() || &j.oracle != oracle.address().as_array() {
        return Err(ModelmintError::Unauthorized.into());
    }
    lifecycle::fail(j.status)?;
    let refund = refund_in_full(ctx, 2, 3)?;
    Oracle::bump_counter(&mut o.failed)?;
    JobFailed { job: job.address().to_bytes(), oracle: oracle.address().to_bytes(), reason_code, refund }.emit();
    Ok(())
}
