//! Paying out a job's escrow when it ends (settled, refunded or resolved):
//! one function for every path, so each moves exactly refund + payee + fee =
//! escrow, in the same instruction as the status change.

use pinocchio::{AccountView, ProgramResult};

use crate::{
    errors::ModelmintError,
    lamports,
    math::settlement::Outcome,
    payments::{escrow_release, Spl},
    state::{Job, Model},
};

/// Where each part of the escrow goes. SOL parts are lamport moves out of the
/// job account; SPL parts are vault transfers.
pub struct Payout<'a> {
    pub job_view: &'a AccountView,
    pub model_view: &'a AccountView,
    /// SOL: the requester's wallet. Checked against the job.
    pub requester: &'a AccountView,
    /// SOL: the model (inference) or the oracle's authority (training).
    pub payee: &'a AccountView,
    /// SOL: the fee vault, where platform fees accrue. Checked by the caller.
    pub fee_vault: &'a AccountView,
    /// SPL models: vault, mint, program.
    pub spl: Option<Spl<'a>>,
    /// SPL: token accounts of requester, payee (training only) and treasury.
    pub requester_token: Option<&'a AccountView>,
    pub payee_token: Option<&'a AccountView>,
    pub treasury_token: Option<&'a AccountView>,
    /// Whether the payee is the model itself (inference): SPL revenue then
    /// stays in the vault instead of moving.
    pub payee_is_model: bool,
    /// Owner the treasury token account must have.
    pub treasury_owner: &'a [u8; 32],
}

impl Payout<'_> {
    /// Moves the parts of `outcome`, which must add up to the job's escrow.
    pub fn execute(&self, job: &Job, model: &mut Model, outcome: &Outcome) -> ProgramResult {
        let total = outcome
            .refund
            .checked_add(outcome.payee)
            .and_then(|x| x.checked_add(outcome.fee))
            .ok_or(ModelmintError::ArithmeticOverflow)?;
        if total != job.escrow.get() {
            return Err(ModelmintError::ArithmeticOverflow.into());
        }
        if self.requester.address().as_array() != &job.requester {
            return Err(ModelmintError::WrongAccount.into());
        }
        match &self.spl {
            None => {
                lamports::transfer(self.job_view, self.requester, outcome.refund)?;
                lamports::transfer(self.job_view, self.payee, outcome.payee)?;
                lamports::transfer(self.job_view, self.fee_vault, outcome.fee)
            }
            Some(spl) => {
                let need = |a: Option<&'_ AccountView>, amount: u64| -> Result<(), ModelmintError> {
                    if amount > 0 && a.is_none() {
                        Err(ModelmintError::NotEnoughAccounts)
                    } else {
                        Ok(())
                    }
                };
                need(self.requester_token, outcome.refund)?;
                need(self.treasury_token, outcome.fee)?;
                if !self.payee_is_model {
                    need(self.payee_token, outcome.payee)?;
                }
                escrow_release(model, total)?;
                if let Some(t) = self.requester_token.filter(|_| outcome.refund > 0) {
                    spl.check_owner(t, &job.requester)?;
                    spl.pay_out(self.model_view, model, t, outcome.refund)?;
                }
                if let Some(t) = self.treasury_token.filter(|_| outcome.fee > 0) {
                    spl.check_owner(t, self.treasury_owner)?;
                    spl.pay_out(self.model_view, model, t, outcome.fee)?;
                }
                if !self.payee_is_model {
                    if let Some(t) = self.payee_token.filter(|_| outcome.payee > 0) {
                        spl.check_owner(t, self.payee.address().as_array())?;
                        spl.pay_out(self.model_view, model, t, outcome.payee)?;
                    }
                }
                Ok(())
            }
        }
    }
}
