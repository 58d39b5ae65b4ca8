//! Accounts keyed by (model, user) — `AccessGrant`, `Subscription`, `Pass` —
//! opened the same way: loaded and checked when they exist, created at their
//! canonical PDA `[seed, model, user]` when they do not.

use pinocchio::{cpi::Seed, error::ProgramError, AccountView, Address};

use crate::{
    checks,
    cpi::system::check_program,
    errors::ModelmintError,
    pda::{self, runtime, CreatePda},
    state::{AccessGrant, AccountType, Pass, Subscription},
};

/// An account type keyed by (model, user).
pub trait PerUser: AccountType {
    /// First PDA seed.
    const SEED: &'static [u8];
    /// The stored model, user and bump.
    fn keys(&mut self) -> (&mut [u8; 32], &mut [u8; 32], &mut u8);
}

macro_rules! per_user {
    ($t:ty, $seed:path) => {
        impl PerUser for $t {
            const SEED: &'static [u8] = $seed;
            fn keys(&mut self) -> (&mut [u8; 32], &mut [u8; 32], &mut u8) {
                (&mut self.model, &mut self.user, &mut self.bump)
            }
        }
    };
}
per_user!(AccessGrant, crate::seeds::GRANT);
per_user!(Subscription, crate::seeds::SUBSCRIPTION);
per_user!(Pass, crate::seeds::PASS);

/// Where and for whom to open the account.
pub struct OpenPerUser<'a> {
    pub program_id: &'a Address,
    /// Pays for a creation.
    pub payer: &'a AccountView,
    pub account: &'a AccountView,
    pub system_program: &'a AccountView,
    pub model: [u8; 32],
    pub user: [u8; 32],
    /// Lamports paid in with a creation on top of rent (SOL escrow).
    pub extra: u64,
}

impl<'a> OpenPerUser<'a> {
    /// The account and whether this call created it.
    pub fn open<T: PerUser>(&self) -> Result<(&'a mut T, bool), ProgramError> {
        checks::writable(self.account)?;
        if self.account.owned_by(self.program_id) {
            let t = T::load(self.account, self.program_id)?;
            let (model, user, _) = t.keys();
            if *model != self.model || *user != self.user {
                return Err(ModelmintError::WrongAccount.into());
            }
            return Ok((t, false));
        }
        checks::writable_signer(self.payer)?;
        check_program(self.system_program)?;
        let bump = pda::canonical(self.account, &[runtime(T::SEED), &self.model, &self.user], self.program_id)?;
        let b = [bump];
        CreatePda {
            payer: self.payer,
            account: self.account,
            space: T::SPACE,
            owner: self.program_id,
            extra: self.extra,
        }
        .invoke(&[
            Seed::from(runtime(T::SEED)),
            Seed::from(&self.model),
            Seed::from(&self.user),
            Seed::from(&b),
        ])?;
        let t = T::init_account(self.account)?;
        let (model, user, stored_bump) = t.keys();
        *model = self.model;
        *user = self.user;
        *stored_bump = bump;
        Ok((t, true))
    }
}
