//! The dispatcher: reads the 8-byte Anchor discriminator and hands the rest
//! of the instruction data to the instruction's handler.
//!
//! Upstream BPF allows at most 5 arguments per call and slices count twice
//! (pointer and length), so handlers take one [`Context`] by reference.

use pinocchio::{error::ProgramError, AccountView, Address, ProgramResult};

use crate::{discriminators::ix, errors::ModelmintError, instructions};

/// What every handler receives: the program id, the accounts and the
/// instruction's Borsh arguments (discriminator stripped).
pub struct Context<'a> {
    pub program_id: &'a Address,
    pub accounts: &'a mut [AccountView],
    pub args: &'a [u8],
}

/// Entry point of every instruction. Inlined into the entrypoint so its
/// three slices never cross a call boundary.
#[inline(always)]
pub fn process_instruction(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    let (disc, args) =
        data.split_first_chunk::<8>().ok_or(ProgramError::from(ModelmintError::InvalidInstructionData))?;
    let mut ctx = Context { program_id, accounts, args };
    dispatch(*disc, &mut ctx)
}

#[inline(never)]
fn dispatch(disc: [u8; 8], ctx: &mut Context) -> ProgramResult {
    match disc {
        ix::INITIALIZE_CONFIG => instructions::initialize_config::process(ctx),
        ix::UPDATE_CONFIG => instructions::update_config::process(ctx),
        _ => Err(ModelmintError::UnknownInstruction.into()),
    }
}
