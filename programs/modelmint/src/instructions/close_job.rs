//! `close_job`: the requester closes a finished (settled or refunded) job
//! and gets its rent back; the job's history stays in its events. A settled
//! job can no longer be rated once closed.
//!
//! Accounts: 0 `requester` [signer, writable]; 1 `job` [writable].

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks,
    constants::job_status,
    errors::ModelmintError,
    events::JobClosed,
    pda,
    processor::Context,
    state::{AccountType, Job},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [requester, job] = *checks::accounts::<2>(ctx.accounts)?;
    ArgReader::new(ctx.args).finish()?;
    checks::writable_signer(&requester)?;
    let j = Job::load_writable(&job, ctx.program_id)?;
    if &j.requester != requester.address().as_array() {
        return Err(ModelmintError::Unauthorized.into());
    }
    if j.status != job_status::SETTLED && j.status != job_status::REFUNDED {
        return Err(ModelmintError::InvalidJobStatus.into());
    }
    let rent = job.lamports();
    pda::close(&job, &requester)?;
    JobClosed { job: job.address().to_bytes(), requester: requester.address().to_bytes(), rent }.emit();
    Ok(())
}
