//! `rate_job(rating)`: the requester rates a settled job once, 1 to 5.
//!
//! Accounts: 0 `requester` [signer]; 1 `job` [writable]; 2 `model`
//! [writable]. Args: rating u8.

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks,
    errors::ModelmintError,
    events::JobRated,
    lifecycle,
    processor::Context,
    state::{AccountType, Job, Model},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [requester, job, model] = *checks::accounts::<3>(ctx.accounts)?;
    let mut r = ArgReader::new(ctx.args);
    let rating = r.u8()?;
    r.finish()?;
    checks::signer(&requester)?;
    let j = Job::load_writable(&job, ctx.program_id)?;
    if &j.requester != requester.address().as_array() {
        return Err(ModelmintError::Unauthorized.into());
    }
    if &j.model != model.address().as_array() {
        return Err(ModelmintError::WrongAccount.into());
    }
    lifecycle::rate(j.status, j.rating, rating)?;
    let m = Model::load_writable(&model, ctx.program_id)?;
    j.rating = rating;
    let sum = m.rating_sum.get().checked_add(u64::from(rating)).ok_or(ModelmintError::ArithmeticOverflow)?;
    let count = m.rating_count.get().checked_add(1).ok_or(ModelmintError::ArithmeticOverflow)?;
    m.rating_sum.set(sum);
    m.rating_count.set(count);
    JobRated { job: job.address().to_bytes(), model: model.address().to_bytes(), rating }.emit();
    Ok(())
}
