//! Deriving and creating the program's PDAs.

use pinocchio::{
    cpi::{Seed, Signer},
    error::ProgramError,
    AccountView, Address, ProgramResult,
};

use crate::errors::ModelmintError;

/// Hides a reference from constant folding.
///
/// sbpf-linker 0.1.9 relocates addresses loaded by instructions (`lddw`) but
/// not addresses stored inside read-only data. A constant array of slices,
/// such as a PDA's seed list, would be folded into `.rodata` with its inner
/// pointers left at 0. Passing each seed through `runtime` makes the compiler
/// build the array on the stack at run time, from relocated `lddw` loads.
/// See docs/decisions.md, "No pointers in read-only data".
#[inline(always)]
pub fn runtime<T: ?Sized>(x: &T) -> &T {
    core::hint::black_box(x)
}

/// Finds the canonical bump for `seeds`, checks that `account` is that PDA and
/// returns the bump. Only used when an account is created: afterwards the
/// stored bump and the owner/discriminator checks stand in for re-derivation.
///
/// On chain the search hashes with `sol_sha256` and tests each candidate with
/// `sol_curve_validate_point` (about 300 CU a bump) instead of
/// `sol_try_find_program_address` (1,500 CU a bump), so an unlucky wallet
/// whose PDA sits several bumps down does not blow the compute budget.
pub fn canonical(account: &AccountView, seeds: &[&[u8]], program_id: &Address) -> Result<u8, ProgramError> {
    let found = find(seeds, program_id)?;
    if account.address().as_array() == &found.0 {
        Ok(found.1)
    } else {
        Err(ModelmintError::InvalidPda.into())
    }
}

#[cfg(any(target_os = "solana", target_arch = "bpf"))]
fn find(seeds: &[&[u8]], program_id: &Address) -> Result<([u8; 32], u8), ProgramError> {
    use solana_define_syscall::definitions::{sol_curve_validate_point, sol_sha256};
    const MARKER: &[u8] = b"ProgramDerivedAddress";
    if seeds.len() > 5 {
        return Err(ModelmintError::InvalidPda.into());
    }
    let mut bump = [255u8];
    loop {
        // seeds || bump || program id || marker, as the runtime derives PDAs.
        let mut parts: [&[u8]; 8] = [&[]; 8];
        let mut n = 0usize;
        for s in seeds.iter().chain([&bump[..], program_id.as_ref(), runtime(MARKER)].iter()) {
            if let Some(slot) = parts.get_mut(n) {
                *slot = s;
            }
            n = n.saturating_add(1);
        }
        let mut hash = [0u8; 32];
        let mut valid = 0u8;
        // SAFETY: `parts` holds `n` valid slices; both syscalls write to
        // buffers of the sizes they expect.
        let on_curve = unsafe {
            sol_sha256(parts.as_ptr() as *const u8, n as u64, hash.as_mut_ptr());
            sol_curve_validate_point(0, hash.as_ptr(), &mut valid) == 0
        };
        if !on_curve {
            return Ok((hash, bump[0]));
        }
        bump[0] = bump[0].checked_sub(1).ok_or(ModelmintError::InvalidPda)?;
    }
}

#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
fn find(seeds: &[&[u8]], program_id: &Address) -> Result<([u8; 32], u8), ProgramError> {
    let (address, bump) =
        Address::try_find_program_address(seeds, program_id).ok_or(ProgramError::from(ModelmintError::InvalidPda))?;
    Ok((address.to_bytes(), bump))
}

/// What to create: a PDA of `space` bytes owned by `owner`, paid by `payer`,
/// holding `extra` lamports above rent exemption (escrow paid in the same
/// call, saving a transfer).
pub struct CreatePda<'a> {
    pub payer: &'a AccountView,
    pub account: &'a AccountView,
    pub space: usize,
    pub owner: &'a Address,
    pub extra: u64,
}

impl CreatePda<'_> {
    /// Creates the account, also when someone pre-funded the address
    /// (transfer + allocate + assign instead of create), so lamports sent to a
    /// future PDA cannot block it. Returns the rent-exempt minimum.
    pub fn invoke(&self, seeds: &[Seed]) -> Result<u64, ProgramError> {
        crate::checks::uninitialized(self.account)?;
        let rent = crate::cpi::system::rent_exempt(self.space)?;
        let signer = [Signer::from(seeds)];
        let want = rent.checked_add(self.extra).ok_or(ModelmintError::ArithmeticOverflow)?;
        let have = self.account.lamports();
        if have == 0 {
            crate::cpi::system::CreateAccount {
                from: self.payer,
                to: self.account,
                lamports: want,
                space: self.space as u64,
                owner: self.owner,
            }
            .invoke(&signer)?;
        } else {
            // Pre-funded: whatever is there counts toward rent, never toward escrow.
            let top_up = rent.saturating_sub(have).checked_add(self.extra).ok_or(ModelmintError::ArithmeticOverflow)?;
            if top_up > 0 {
                crate::cpi::system::transfer(self.payer, self.account, top_up)?;
            }
            crate::cpi::system::allocate_and_assign(self.account, self.space as u64, self.owner, &signer)?;
        }
        Ok(rent)
    }
}

/// Closes a program-owned account: lamports to `to`, data zeroed and the
/// account handed back to the system program, so it cannot be revived in the
/// same transaction with stale data.
pub fn close(account: &AccountView, to: &AccountView) -> ProgramResult {
    crate::lamports::sweep(account, to)?;
    let mut a = *account;
    // SAFETY: no other borrow of this account is alive in the caller.
    unsafe { a.borrow_unchecked_mut() }.fill(0);
    a.close()
}
