//! `dispute_job(reason_cid)`: the requester contests a delivered result
//! within the dispute window; the escrow waits for the arbiter until
//! `resolve_by` (now + the config's resolution time), after which anyone
//! refunds the requester in full.
//!
//! Accounts: 0 `requester` [signer]; 1 `config`; 2 `job` [writable].
//! Args: reason_cid.

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks, clock,
    constants::job_status,
    errors::ModelmintError,
    events::JobDisputed,
    lifecycle,
    processor::Context,
    state::{AccountType, Config, Job},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [requester, config, job] = *checks::accounts::<3>(ctx.accounts)?;
    let mut r = ArgReader::new(ctx.args);
    let reason_cid = r.cid()?;
    r.finish()?;
    checks::signer(&requester)?;
    let cfg = Config::load(&config, ctx.program_id)?;
    let j = Job::load_writable(&job, ctx.program_id)?;
    if &j.requester != requester.address().as_array() {
        return Err(ModelmintError::Unauthorized.into());
    }
    let now = clock::now()?;
    lifecycle::dispute(j.status, now, j.delivered_at.get(), cfg.dispute_window_secs.get())?;
    let resolve_by = lifecycle::resolve_by(now, cfg.dispute_resolution_secs())?;
    j.status = job_status::DISPUTED;
    j.resolve_by.set(resolve_by);
    JobDisputed { job: job.address().to_bytes(), requester: j.requester, reason_cid, resolve_by }.emit();
    Ok(())
}
