//! `settle_job`: anyone settles a delivered job after the dispute window:
//! the platform fee to the fee vault (SOL) or the treasury's token account
//! (SPL), the rest to the model's revenue
//! (inference) or to the oracle's authority (training). A training job then
//! publishes its weights as the model's next version, which becomes current.
//!
//! Accounts: 0 `config`; 1 `job` [writable]; payout block from 2:
//! 2 `requester` [writable]; 3 `model` [writable]; 4 `oracle` [writable];
//! 5 `payee` [writable]; 6 `fee_vault` [writable] PDA `["fee_vault"]` (SOL
//! fees accrue there); SPL: 7 `requester_token`,
//! 8 `payee_token`, 9 `treasury_token` [writable], 10 `vault` [writable],
//! 11 `payment_mint`, 12 `token_program`; training: 13 `payer` [signer,
//! writable], 14 `model_version` [writable] PDA `["version", model,
//! version]`, 15 `system_program`.

use pinocchio::{cpi::Seed, error::ProgramError, AccountView, ProgramResult};

use crate::{
    checks, clock,
    constants::{job_kind, job_status, model_status},
    errors::ModelmintError,
    events::{JobSettled, VersionPublished},
    lifecycle,
    math::settlement::{self, Outcome},
    payments::{count_revenue, optional, Spl},
    payout::Payout,
    pda::{self, runtime, CreatePda},
    processor::Context,
    seeds,
    state::{AccountType, Config, FeeVault, Job, Model, ModelVersion, Oracle},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [config, job, _requester, model, oracle, payee] = *checks::accounts::<6>(ctx.accounts)?;
    crate::args::ArgReader::new(ctx.args).finish()?;
    let cfg = Config::load(&config, program_id)?;
    let j = Job::load_writable(&job, program_id)?;
    let now = clock::now()?;
    lifecycle::settle(j.status, now, j.delivered_at.get(), cfg.dispute_window_secs.get())?;
    let o = Oracle::load_writable(&oracle, program_id)?;
    if &j.oracle != oracle.address().as_array() {
        return Err(ModelmintError::WrongAccount.into());
    }
    let outcome = settlement::settle(j.escrow.get(), j.fee_bps.get())?;
    // The version account is created (a CPI) before any lamports move by
    // hand: the runtime checks the caller's balances at each CPI, and a payer
    // that is also a payee would otherwise look unbalanced.
    if j.kind == job_kind::TRAINING {
        if &j.model != model.address().as_array() {
            return Err(ModelmintError::WrongAccount.into());
        }
        // This borrow of the model ends before the payout loads it again.
        publish_version(ctx, j, Model::load_writable(&model, program_id)?, &job, now)?;
    }
    let m = JobPayout { ctx, job: j, config: cfg, oracle_authority: o.authority, job_at: 1, base: 2 }.pay(&outcome)?;
    j.status = job_status::SETTLED;
    Oracle::bump_counter(&mut o.completed)?;

    if j.kind != job_kind::TRAINING {
        let uses = m.uses.get().checked_add(1).ok_or(ModelmintError::ArithmeticOverflow)?;
        m.uses.set(uses);
        count_revenue(m, j.escrow.get())?;
    }
    JobSettled {
        job: job.address().to_bytes(),
        model: model.address().to_bytes(),
        payee: payee.address().to_bytes(),
        payee_share: outcome.payee,
        fee: outcome.fee,
        payment_mint: j.payment_mint,
        settled_at: now,
    }
    .emit();
    Ok(())
}

/// Creates `ModelVersion` n+1 from a settled training job and makes it the
/// model's current version.
fn publish_version(ctx: &Context, j: &Job, m: &mut Model, job: &AccountView, now: i64) -> ProgramResult {
    let program_id = ctx.program_id;
    let payer = ctx.accounts.get(13).ok_or(ModelmintError::NotEnoughAccounts)?;
    let version = ctx.accounts.get(14).ok_or(ModelmintError::NotEnoughAccounts)?;
    let system_program = ctx.accounts.get(15).ok_or(ModelmintError::NotEnoughAccounts)?;
    crate::cpi::system::check_program(system_program)?;
    checks::writable_signer(payer)?;
    let number = m.version_count.get().checked_add(1).ok_or(ModelmintError::ArithmeticOverflow)?;
    let model_key = j.model;
    let number_seed = number.to_le_bytes();
    let bump = pda::canonical(version, &[runtime(seeds::VERSION), &model_key, &number_seed], program_id)?;
    let b = [bump];
    CreatePda { payer, account: version, space: ModelVersion::SPACE, owner: program_id, extra: 0 }.invoke(&[
        Seed::from(runtime(seeds::VERSION)),
        Seed::from(&model_key),
        Seed::from(&number_seed),
        Seed::from(&b),
    ])?;
    let v = ModelVersion::init_account(version)?;
    v.model = model_key;
    v.version.set(number);
    v.bump = bump;
    v.weights_cid = j.result_cid;
    v.dataset_cid = j.input_cid;
    v.training_job = job.address().to_bytes();
    v.created_at.set(now);
    m.version_count.set(number);
    m.current_version.set(number);
    if m.status == model_status::DRAFT || m.status == model_status::TRAINING {
        m.status = model_status::READY;
    }
    VersionPublished {
        model: model_key,
        version: number,
        weights_cid: j.result_cid,
        dataset_cid: j.input_cid,
        training_job: v.training_job,
        created_at: now,
    }
    .emit();
    Ok(())
}

/// The payout block shared by `settle_job` and `resolve_dispute`, from
/// account `base`: requester, model, oracle, payee, fee vault, then the SPL
/// block (requester token, payee token, treasury token, vault, mint, token
/// program).
pub struct JobPayout<'c, 'a, 'j> {
    pub ctx: &'c Context<'a>,
    pub job: &'j Job,
    pub config: &'j Config,
    pub oracle_authority: [u8; 32],
    pub job_at: usize,
    pub base: usize,
}

impl<'c> JobPayout<'c, '_, '_> {
    /// Checks every destination against the job, config and oracle, moves
    /// the outcome, and returns the model for the caller's statistics.
    pub fn pay(&self, outcome: &Outcome) -> Result<&'c mut Model, ProgramError> {
        let ctx: &'c Context = self.ctx;
        let j = self.job;
        let acc = |k: usize| {
            ctx.accounts.get(self.base.saturating_add(k)).ok_or(ProgramError::from(ModelmintError::NotEnoughAccounts))
        };
        let tail = |k: usize| optional(ctx.accounts, self.base.saturating_add(k), ctx.program_id);
        let job = ctx.accounts.get(self.job_at).ok_or(ModelmintError::NotEnoughAccounts)?;
        let (requester, model, payee, fee_vault) = (acc(0)?, acc(1)?, acc(3)?, acc(4)?);
        if model.address().as_array() != &j.model {
            return Err(ModelmintError::WrongAccount.into());
        }
        // Created only at its canonical address, so owner and type identify it.
        FeeVault::load(fee_vault, ctx.program_id)?;
        let training = j.kind == job_kind::TRAINING;
        let expected_payee = if training { &self.oracle_authority } else { &j.model };
        if payee.address().as_array() != expected_payee {
            return Err(ModelmintError::WrongAccount.into());
        }
        for a in [requester, payee, fee_vault] {
            checks::writable(a)?;
        }
        let m = Model::load_writable(model, ctx.program_id)?;
        Payout {
            job_view: job,
            model_view: model,
            requester,
            payee,
            fee_vault,
            spl: Spl::for_model(m, tail(9), tail(8), tail(10))?,
            requester_token: tail(5),
            payee_token: tail(6),
            treasury_token: tail(7),
            payee_is_model: !training,
            treasury_owner: &self.config.treasury,
        }
        .execute(j, m, outcome)?;
        Ok(m)
    }
}
