//! modelmint: an on-chain marketplace for AI models.
//!
//! Written with pinocchio (no_std, no allocator) and speaking the Anchor wire
//! format: 8-byte sha256 discriminators for instructions, accounts and events,
//! Borsh-compatible layouts, and an Anchor IDL in `idl/modelmint.json`.
//!
//! Build gates:
//! - `target_arch = "bpf"` (upstream LLVM BPF, `scripts/build-program`) and
//!   `target_os = "solana"` (`cargo build-sbf`) both select the on-chain paths
//!   in pinocchio and in this crate: the entrypoint, the panic handler and the
//!   syscalls.
//! - Anything else (the host) compiles the same code for `cargo test` and
//!   clippy; the entrypoint is left out and syscalls become stubs.
//! - Feature `no-entrypoint` leaves the entrypoint out on chain too, for
//!   programs that link this crate for its types.
#![no_std]

// Off chain (tests, clippy, the host cdylib) std supplies the panic handler
// and allocator; on chain the entrypoint module below does.
#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
extern crate std;

pub mod access;
pub mod args;
pub mod attestation;
pub mod checks;
pub mod cid;
pub mod clock;
pub mod constants;
pub mod cpi;
pub mod discriminators;
pub mod errors;
pub mod events;
pub mod ids;
pub mod instructions;
pub mod jobs;
pub mod lamports;
pub mod lifecycle;
pub mod math;
pub mod payments;
pub mod payout;
pub mod pda;
pub mod per_user;
pub mod pod;
pub mod processor;
pub mod seeds;
pub mod state;
pub mod subscription_refund;

#[cfg(all(not(feature = "no-entrypoint"), any(target_os = "solana", target_arch = "bpf")))]
mod entrypoint {
    pinocchio::program_entrypoint!(crate::processor::process_instruction);
    // The program never allocates: every account is read in place.
    pinocchio::no_allocator!();

    /// Panics abort with a fixed message: the panic `Location` lives in
    /// read-only data whose file-name pointer the linker leaves unrelocated
    /// (docs/decisions.md), so it must not be dereferenced.
    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
        const MSG: &str = "modelmint: panicked";
        unsafe {
            solana_define_syscall::definitions::sol_log_(MSG.as_ptr(), MSG.len() as u64);
            solana_define_syscall::definitions::abort()
        }
    }
}
