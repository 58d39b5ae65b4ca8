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
        ix::SET_PAUSED => instructions::set_paused::process(ctx),
        ix::REGISTER_ORACLE => instructions::register_oracle::process(ctx),
        ix::SET_ORACLE_ACTIVE => instructions::set_oracle_active::process(ctx),
        ix::CREATE_MODEL => instructions::create_model::process(ctx),
        ix::UPDATE_MODEL => instructions::update_model::process(ctx),
        ix::GRANT_ACCESS => instructions::grant_access::process(ctx),
        ix::REVOKE_ACCESS => instructions::revoke_access::process(ctx),
        ix::REQUEST_TRAINING => instructions::request_training::process(ctx),
        ix::YANK_VERSION => instructions::yank_version::process(ctx),
        ix::WITHDRAW_REVENUE => instructions::withdraw_revenue::process(ctx),
        ix::SUBSCRIBE => instructions::subscribe::process(ctx),
        ix::BUY_PASS => instructions::buy_pass::process(ctx),
        ix::CLOSE_PASS => instructions::close_pass::process(ctx),
        ix::REQUEST_GENERATION => instructions::request_generation::process(ctx),
        ix::CLAIM_JOB => instructions::claim_job::process(ctx),
        ix::SUBMIT_RESULT => instructions::submit_result::process(ctx),
        ix::FAIL_JOB => instructions::fail_job::process(ctx),
        ix::REFUND_EXPIRED => instructions::refund_expired::process(ctx),
        ix::DISPUTE_JOB => instructions::dispute_job::process(ctx),
        ix::RESOLVE_DISPUTE => instructions::resolve_dispute::process(ctx),
        ix::SETTLE_JOB => instructions::settle_job::process(ctx),
        ix::RATE_JOB => instructions::rate_job::process(ctx),
        ix::CLOSE_JOB => instructions::close_job::process(ctx),
        ix::WITHDRAW_FEES => instructions::withdraw_fees::process(ctx),
        ix::SET_TRUSTED_MINT => instructions::set_trusted_mint::process(ctx),
        ix::CANCEL_SUBSCRIPTION => instructions::cancel_subscription::process(ctx),
        _ => Err(ModelmintError::UnknownInstruction.into()),
    }
}
