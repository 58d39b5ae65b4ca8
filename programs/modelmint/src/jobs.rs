//! Creating a job: shared by `request_generation` and `request_training`.

use pinocchio::{cpi::Seed, error::ProgramError, AccountView, Address};

use crate::{
    cid::Cid,
    constants::job_status,
    errors::ModelmintError,
    events::JobRequested,
    pda::{self, runtime, CreatePda},
    seeds,
    state::{AccountType, Job},
};

/// Everything a new job records.
pub struct NewJob<'a> {
    pub program_id: &'a Address,
    pub requester: &'a AccountView,
    pub job: &'a AccountView,
    pub nonce: u64,
    pub model: [u8; 32],
    pub kind: u8,
    pub mode: u8,
    pub version: u32,
    pub weights_cid: Cid,
    pub input_cid: Cid,
    pub config_cid: Cid,
    pub payment_mint: [u8; 32],
    pub escrow: u64,
    /// Lamports paid into the job with its creation (SOL escrow).
    pub sol_escrow: u64,
    pub fee_bps: u16,
    pub now: i64,
    pub timeout: i64,
}

impl NewJob<'_> {
    /// Creates the job PDA `["job", requester, nonce]` and records the job.
    /// Clients pick a nonce whose canonical bump is 255, so the derivation
    /// costs one hash (the SDK does this).
    pub fn create(&self) -> Result<&mut Job, ProgramError> {
        crate::checks::writable_signer(self.requester)?;
        crate::checks::writable(self.job)?;
        let requester = self.requester.address().to_bytes();
        let nonce = self.nonce.to_le_bytes();
        let bump = pda::canonical(self.job, &[runtime(seeds::JOB), &requester, &nonce], self.program_id)?;
        let b = [bump];
        CreatePda {
            payer: self.requester,
            account: self.job,
            space: Job::SPACE,
            owner: self.program_id,
            extra: self.sol_escrow,
        }
        .invoke(&[
            Seed::from(runtime(seeds::JOB)),
            Seed::from(&requester),
            Seed::from(&nonce),
            Seed::from(&b),
        ])?;
        let deadline = self.now.checked_add(self.timeout).ok_or(ModelmintError::ArithmeticOverflow)?;
        let j = Job::init_account(self.job)?;
        j.requester = requester;
        j.nonce.set(self.nonce);
        j.model = self.model;
        j.kind = self.kind;
        j.mode = self.mode;
        j.status = job_status::OPEN;
        j.bump = bump;
        j.version.set(self.version);
        j.weights_cid = self.weights_cid;
        j.input_cid = self.input_cid;
        j.config_cid = self.config_cid;
        j.payment_mint = self.payment_mint;
        j.escrow.set(self.escrow);
        j.fee_bps.set(self.fee_bps);
        j.created_at.set(self.now);
        j.deadline.set(deadline);
        JobRequested {
            job: self.job.address().to_bytes(),
            requester,
            model: self.model,
            kind: self.kind,
            mode: self.mode,
            version: self.version,
            weights_cid: self.weights_cid,
            input_cid: self.input_cid,
            config_cid: self.config_cid,
            escrow: self.escrow,
            payment_mint: self.payment_mint,
            fee_bps: self.fee_bps,
            deadline,
            nonce: self.nonce,
            created_at: self.now,
        }
        .emit();
        Ok(j)
    }
}
