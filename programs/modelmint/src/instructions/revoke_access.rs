//! `revoke_access`: the asset holder closes a wallet's grant (its rent goes
//! back to the holder, who paid it), refunds that wallet's unused pass in
//! full, closing the pass, and refunds its subscription's unused time pro
//! rata from the model's revenue, closing the subscription. A wallet with no
//! grant (a public model's subscriber, or one from before the model became
//! allowlist-only) passes its grant address uncreated or the placeholder.
//!
//! Accounts: 0 `owner` [signer, writable]; 1 `model` [writable];
//! 2 `owner_asset`; 3 `user` [writable]; 4 `grant` [writable]; optional:
//! 5 `pass` [writable]; SPL: 6 `user_token` [writable], 7 `vault`
//! [writable], 8 `payment_mint`, 9 `token_program`; optional:
//! 10 `subscription` [writable].

use pinocchio::{AccountView, Address, ProgramResult};

use crate::{
    access::require_holder,
    args::ArgReader,
    checks, clock,
    errors::ModelmintError,
    events::AccessRevoked,
    payments::{optional, Spl},
    pda,
    processor::Context,
    state::{AccessGrant, AccountType, Model},
    subscription_refund::RefundSubscription,
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [owner, model, owner_asset, user, grant] = *checks::accounts::<5>(ctx.accounts)?;
    ArgReader::new(ctx.args).finish()?;
    let m = Model::load_writable(&model, program_id)?;
    require_holder(m, &owner, &owner_asset)?;
    checks::writable(&owner)?;
    // No grant: its address is still a system account (or the placeholder).
    let no_grant = !grant.owned_by(program_id);
    if !no_grant {
        let g = AccessGrant::load_writable(&grant, program_id)?;
        if g.model != model.address().to_bytes() || g.user != user.address().to_bytes() {
            return Err(ModelmintError::WrongAccount.into());
        }
    }

    let pass = optional(ctx.accounts, 5, program_id);
    let subscription = optional(ctx.accounts, 10, program_id).filter(|a| a.owned_by(program_id));
    let spl = match (pass, subscription) {
        (None, None) => None,
        _ => Spl::for_model(
            m,
            optional(ctx.accounts, 8, program_id),
            optional(ctx.accounts, 7, program_id),
            optional(ctx.accounts, 9, program_id),
        )?,
    };
    let user_token = optional(ctx.accounts, 6, program_id);
    let (mut pass_refund, mut subscription_refund) = (0, 0);
    if let Some(pass) = pass {
        pass_refund =
            RefundPass { program_id, model: &model, user: &user, pass, user_token, spl: spl.as_ref() }.execute(m)?;
    }
    if let Some(subscription) = subscription {
        subscription_refund = RefundSubscription {
            program_id,
            model: &model,
            user: &user,
            subscription,
            user_token,
            spl: spl.as_ref(),
            now: clock::now()?,
        }
        .execute(m)?;
    }
    // Lamports move by hand after the token transfers (docs/decisions.md).
    if !no_grant {
        pda::close(&grant, &owner)?;
    }
    AccessRevoked {
        model: model.address().to_bytes(),
        user: user.address().to_bytes(),
        pass_refund,
        pass_closed: pass.is_some(),
        subscription_refund,
        subscription_closed: subscription.is_some(),
        no_grant,
    }
    .emit();
    Ok(())
}

/// Refunds a pass's unused balance to its holder and closes it; shared with
/// `close_pass`.
pub struct RefundPass<'a> {
    pub program_id: &'a Address,
    pub model: &'a AccountView,
    pub user: &'a AccountView,
    pub pass: &'a AccountView,
    pub user_token: Option<&'a AccountView>,
    pub spl: Option<&'a Spl<'a>>,
}

impl RefundPass<'_> {
    /// Returns the amount refunded.
    pub fn execute(&self, m: &mut Model) -> Result<u64, pinocchio::error::ProgramError> {
        use crate::state::Pass;
        let p = Pass::load_writable(self.pass, self.program_id)?;
        if p.model != self.model.address().to_bytes() || p.user != self.user.address().to_bytes() {
            return Err(ModelmintError::WrongAccount.into());
        }
        checks::writable(self.user)?;
        let balance = p.balance.get();
        p.balance.set(0);
        p.uses_left.set(0);
        if let Some(spl) = self.spl {
            let to = self.user_token.ok_or(ModelmintError::NotEnoughAccounts)?;
            spl.check_owner(to, &p.user)?;
            crate::payments::escrow_release(m, balance)?;
            spl.pay_out(self.model, m, to, balance)?;
        }
        // SOL: the balance is in the pass's lamports; closing sweeps balance
        // and rent to the holder together.
        pda::close(self.pass, self.user)?;
        Ok(balance)
    }
}
