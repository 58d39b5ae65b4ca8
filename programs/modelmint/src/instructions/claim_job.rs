//! `claim_job`: an active oracle with the right capability takes an open job
//! before its deadline. The first claim wins; later ones fail.
//!
//! Accounts: 0 `authority` [signer]; 1 `oracle`; 2 `job` [writable].

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks, clock,
    constants::{job_kind, job_status, CAP_INFER, CAP_TRAIN},
    events::JobClaimed,
    lifecycle,
    processor::Context,
    state::{AccountType, Job, Oracle},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [authority, oracle, job] = *checks::accounts::<3>(ctx.accounts)?;
    ArgReader::new(ctx.args).finish()?;
    let o = Oracle::load(&oracle, ctx.program_id)?;
    let j = Job::load_writable(&job, ctx.program_id)?;
    o.require(&authority, if j.kind == job_kind::TRAINING { CAP_TRAIN } else { CAP_INFER })?;
    let now = clock::now()?;
    lifecycle::claim(j.status, now, j.deadline.get())?;
    j.status = job_status::CLAIMED;
    j.oracle = oracle.address().to_bytes();
    JobClaimed { job: job.address().to_bytes(), oracle: j.oracle, claimed_at: now }.emit();
    Ok(())
}
