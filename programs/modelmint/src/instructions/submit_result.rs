//! `submit_result`: the claiming oracle delivers a result before the
//! deadline. The transaction must carry an Ed25519-program instruction in
//! which the oracle's attestation key signs (job, its creation time, weights
//! digest, input digest, result digest); see `attestation`.
//!
//! Accounts: 0 `authority` [signer]; 1 `oracle`; 2 `job` [writable];
//! 3 `instructions_sysvar`. Args: result_cid.

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    attestation, checks,
    cid::digest,
    clock,
    constants::{job_kind, job_status, CAP_INFER, CAP_TRAIN},
    errors::ModelmintError,
    events::ResultSubmitted,
    lifecycle,
    processor::Context,
    state::{AccountType, Job, Oracle},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [authority, oracle, job, sysvar] = *checks::accounts::<4>(ctx.accounts)?;
    let mut r = ArgReader::new(ctx.args);
    let result_cid = r.cid()?;
    r.finish()?;
    let o = Oracle::load(&oracle, ctx.program_id)?;
    let j = Job::load_writable(&job, ctx.program_id)?;
    o.require(&authority, if j.kind == job_kind::TRAINING { CAP_TRAIN } else { CAP_INFER })?;
    if &j.oracle != oracle.address().as_array() {
        return Err(ModelmintError::Unauthorized.into());
    }
    let now = clock::now()?;
    lifecycle::submit(j.status, now, j.deadline.get())?;

    let msg = attestation::message(&attestation::Signed {
        job: job.address().as_array(),
        created_at: j.created_at.get(),
        weights: digest(&j.weights_cid),
        input: digest(&j.input_cid),
        result: digest(&result_cid),
    });
    attestation::verify(&sysvar, &o.attestation_key, &msg)?;

    j.status = job_status::DELIVERED;
    j.result_cid = result_cid;
    j.delivered_at.set(now);
    ResultSubmitted { job: job.address().to_bytes(), oracle: j.oracle, result_cid, delivered_at: now }.emit();
    Ok(())
}
