//! Refunding a subscription's unused time: pro rata to the time left of
//! what was paid (`Subscription::value`), from the model's withdrawable
//! revenue (SOL above the model's rent, or vault tokens not owed to escrow),
//! then closing the subscription (its rent back to the subscriber, who paid
//! it). Shared by `revoke_access` and `cancel_subscription`.
//!
//! Subscription money is split at purchase, so the refund comes out of the
//! revenue the creator's share went to; a holder who withdrew it tops the
//! model up first (a plain transfer to the model or its vault; the SDK does
//! this) or gets `InsufficientRevenue`.

use pinocchio::{error::ProgramError, AccountView, Address};

use crate::{
    checks,
    cpi::{system::rent_exempt, token::read_account},
    errors::ModelmintError,
    lamports,
    math::subscription::unused,
    payments::Spl,
    pda,
    state::{AccountType, Model, Subscription},
};

/// The subscription to refund and where the money goes.
pub struct RefundSubscription<'a> {
    pub program_id: &'a Address,
    pub model: &'a AccountView,
    pub user: &'a AccountView,
    pub subscription: &'a AccountView,
    /// SPL: the subscriber's token account.
    pub user_token: Option<&'a AccountView>,
    pub spl: Option<&'a Spl<'a>>,
    pub now: i64,
}

impl RefundSubscription<'_> {
    /// Refunds the unused time, closes the subscription and returns the refund.
    pub fn execute(&self, m: &mut Model) -> Result<u64, ProgramError> {
        let s = Subscription::load_writable(self.subscription, self.program_id)?;
        if s.model != self.model.address().to_bytes() || s.user != self.user.address().to_bytes() {
            return Err(ModelmintError::WrongAccount.into());
        }
        checks::writable(self.user)?;
        let refund = unused(s.value.get(), s.value_since.get(), s.expires_at.get(), self.now)?;
        if refund > 0 {
            match self.spl {
                None => {
                    if lamports::above_rent(self.model, rent_exempt(Model::SPACE)?) < refund {
                        return Err(ModelmintError::InsufficientRevenue.into());
                    }
                    lamports::transfer(self.model, self.user, refund)?;
                }
                Some(spl) => {
                    let to = self.user_token.ok_or(ModelmintError::NotEnoughAccounts)?;
                    spl.check_owner(to, &s.user)?;
                    let held = read_account(spl.vault, spl.program.address())?.amount;
                    if held.saturating_sub(m.escrowed.get()) < refund {
                        return Err(ModelmintError::InsufficientRevenue.into());
                    }
                    spl.pay_out(self.model, m, to, refund)?;
                }
            }
            // Revenue counts payments net of refunds.
            m.gross_revenue.set(m.gross_revenue.get().saturating_sub(refund));
        }
        pda::close(self.subscription, self.user)?;
        Ok(refund)
    }
}
