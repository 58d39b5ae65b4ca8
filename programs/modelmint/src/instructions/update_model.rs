//! `update_model`: the asset holder changes pricing, visibility, status
//! (draft, ready with a published version, paused) or the model card. The
//! payment mint is fixed at creation so vault funds can never be stranded.
//! The resulting pass terms must give each use at least one smallest unit.
//!
//! Accounts: 0 `owner` [signer]; 1 `model` [writable]; 2 `owner_asset`.
//! Args (each a Borsh `Option`): price_per_use u64, subscription_price u64,
//! pass_size u32, pass_price u64, visibility u8, status u8, card_cid.

use pinocchio::ProgramResult;

use crate::{
    access::require_holder,
    args::ArgReader,
    checks,
    constants::{model_status, visibility},
    errors::ModelmintError,
    events::ModelUpdated,
    processor::Context,
    state::{AccountType, Model},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [owner, model, owner_asset] = *checks::accounts::<3>(ctx.accounts)?;
    let m = Model::load_writable(&model, ctx.program_id)?;
    require_holder(m, &owner, &owner_asset)?;

    let mut r = ArgReader::new(ctx.args);
    let price_per_use = r.option(|r| r.u64())?;
    let subscription_price = r.option(|r| r.u64())?;
    let pass_size = r.option(|r| r.u32())?;
    let pass_price = r.option(|r| r.u64())?;
    let vis = r.option(|r| r.u8())?;
    let status = r.option(|r| r.u8())?;
    let card_cid = r.option(|r| r.cid())?;
    r.finish()?;

    if let Some(v) = vis {
        if v >= visibility::COUNT {
            return Err(ModelmintError::InvalidArgument.into());
        }
        m.visibility = v;
    }
    if let Some(s) = status {
        match s {
            model_status::DRAFT | model_status::PAUSED => {}
            model_status::READY if m.current_version.get() != 0 => {}
            model_status::READY => return Err(ModelmintError::ModelNotReady.into()),
            // Training is set by the program while a training job runs.
            _ => return Err(ModelmintError::InvalidArgument.into()),
        }
        m.status = s;
    }
    if let Some(v) = price_per_use {
        m.price_per_use.set(v);
    }
    if let Some(v) = subscription_price {
        m.subscription_price.set(v);
    }
    if let Some(v) = pass_size {
        m.pass_size.set(v);
    }
    if let Some(v) = pass_price {
        m.pass_price.set(v);
    }
    crate::math::pass::check_terms(m.pass_size.get(), m.pass_price.get())?;
    if let Some(c) = card_cid {
        m.card_cid = c;
    }
    ModelUpdated {
        model: model.address().to_bytes(),
        owner: owner.address().to_bytes(),
        visibility: m.visibility,
        status: m.status,
        price_per_use: m.price_per_use.get(),
        subscription_price: m.subscription_price.get(),
        pass_size: m.pass_size.get(),
        pass_price: m.pass_price.get(),
        card_cid: m.card_cid,
        current_version: m.current_version.get(),
    }
    .emit();
    Ok(())
}
