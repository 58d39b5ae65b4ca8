//! `create_model`: mints the model as a Token-2022 asset (MetadataPointer +
//! TokenMetadata with name, symbol, URI and the model address as an extra
//! field; supply 1, decimals 0, mint authority then removed) to the creator,
//! and creates the `Model` PDA, which is the asset's metadata authority. For
//! SPL pricing it also creates the model's token vault.
//!
//! Accounts: 0 `creator` [signer, writable] payer; 1 `asset_mint` [signer,
//! writable] fresh keypair; 2 `model` [writable] PDA `["model", asset_mint]`;
//! 3 `creator_asset` [writable] the creator's associated token account;
//! 4 `token_2022_program`; 5 `associated_token_program`; 6 `system_program`;
//! optional SPL pricing: 7 `payment_mint`, 8 `vault` [writable] PDA
//! `["vault", model]`, 9 `payment_token_program`; 10 `trusted_mint` PDA
//! `["trusted_mint", payment_mint]`, required when the payment mint has a
//! freeze authority (whoever holds it could freeze the vault or a payer's
//! account and lock every open job, pass, refund and withdrawal).
//! Pass terms must give each use at least one smallest unit (price ≥ size).
//! Args: category u8, visibility u8, price_per_use u64, subscription_price
//! u64, pass_size u32, pass_price u64, card_cid, name, symbol, uri.

use pinocchio::{cpi::Seed, cpi::Signer, ProgramResult};

use crate::{
    args::ArgReader,
    checks,
    constants::{category, model_status, token_kind, visibility, MAX_NAME_LEN, MAX_SYMBOL_LEN, MAX_URI_LEN},
    cpi::{associated_token, system, token, token_metadata},
    errors::ModelmintError,
    events::ModelCreated,
    ids::{ASSOCIATED_TOKEN_PROGRAM, TOKEN_2022_PROGRAM},
    payments::optional,
    pda::{self, runtime, CreatePda},
    processor::Context,
    seeds,
    state::{AccountType, Model, TrustedMint},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [creator, asset_mint, model, creator_asset, token_2022, ata_program, system_program] =
        *checks::accounts::<7>(ctx.accounts)?;
    checks::writable_signer(&creator)?;
    checks::writable_signer(&asset_mint)?;
    checks::writable(&model)?;
    checks::program(&token_2022, &TOKEN_2022_PROGRAM)?;
    checks::program(&ata_program, &ASSOCIATED_TOKEN_PROGRAM)?;
    system::check_program(&system_program)?;
    let payment_mint = optional(ctx.accounts, 7, program_id);
    let vault = optional(ctx.accounts, 8, program_id);
    let payment_program = optional(ctx.accounts, 9, program_id);

    let mut r = ArgReader::new(ctx.args);
    let cat = r.u8()?;
    let vis = r.u8()?;
    let price_per_use = r.u64()?;
    let subscription_price = r.u64()?;
    let pass_size = r.u32()?;
    let pass_price = r.u64()?;
    let card_cid = r.cid()?;
    let meta = token_metadata::Metadata {
        name: r.string(MAX_NAME_LEN)?,
        symbol: r.string(MAX_SYMBOL_LEN)?,
        uri: r.string(MAX_URI_LEN)?,
    };
    r.finish()?;
    meta.validate()?;
    if cat >= category::COUNT || vis >= visibility::COUNT {
        return Err(ModelmintError::InvalidArgument.into());
    }
    crate::math::pass::check_terms(pass_size, pass_price)?;

    let mint_key = asset_mint.address().to_bytes();
    let bump = pda::canonical(&model, &[runtime(seeds::MODEL), &mint_key], program_id)?;
    let bump_seed = [bump];
    let model_seeds = [Seed::from(runtime(seeds::MODEL)), Seed::from(&mint_key), Seed::from(&bump_seed)];
    let signer = [Signer::from(&model_seeds)];

    // The asset mint, funded for its final size: Token-2022 reallocates it
    // when the metadata is written but does not add lamports.
    let mut model_b58 = [0u8; 44];
    let b58_len = usize::from(five8::encode_32(model.address().as_array(), &mut model_b58));
    let model_b58 = model_b58.get(..b58_len).ok_or(ModelmintError::ArithmeticOverflow)?;
    let final_len = token_metadata::mint_len_with_metadata(meta.name.len(), meta.symbol.len(), meta.uri.len(), b58_len)
        .ok_or(ModelmintError::ArithmeticOverflow)?;
    system::CreateAccount {
        from: &creator,
        to: &asset_mint,
        lamports: system::rent_exempt(final_len)?,
        space: token_metadata::MINT_WITH_POINTER_LEN as u64,
        owner: &TOKEN_2022_PROGRAM,
    }
    .invoke(&[])?;
    token::initialize_metadata_pointer(&token_2022, &asset_mint, model.address())?;
    token::initialize_mint2(&token_2022, &asset_mint, 0, model.address())?;

    CreatePda { payer: &creator, account: &model, space: Model::SPACE, owner: program_id, extra: 0 }
        .invoke(&model_seeds)?;

    let md = token_metadata::MetadataAccounts { program: &token_2022, mint: &asset_mint, authority: &model };
    md.initialize(&meta, &signer)?;
    md.set_field(token_metadata::MODEL_KEY, model_b58, &signer)?;

    associated_token::Create {
        program: &ata_program,
        payer: &creator,
        account: &creator_asset,
        wallet: &creator,
        mint: &asset_mint,
        system_program: &system_program,
        token_program: &token_2022,
    }
    .invoke()?;
    token::mint_to(&token_2022, &asset_mint, &creator_asset, &model, &signer)?;
    token::revoke_mint_authority(&token_2022, &asset_mint, &model, &signer)?;

    let m = Model::init_account(&model)?;
    m.asset_mint = mint_key;
    m.creator = creator.address().to_bytes();
    m.category = cat;
    m.visibility = vis;
    m.status = model_status::DRAFT;
    m.bump = bump;
    m.card_cid = card_cid;
    m.price_per_use.set(price_per_use);
    m.subscription_price.set(subscription_price);
    m.pass_size.set(pass_size);
    m.pass_price.set(pass_price);
    m.token_kind = token_kind::NATIVE;

    if let Some(mint) = payment_mint {
        let (Some(vault), Some(program)) = (vault, payment_program) else {
            return Err(ModelmintError::NotEnoughAccounts.into());
        };
        let kind = token::kind_of(program)?;
        let info = token::read_mint(mint, program.address())?;
        if info.has_freeze_authority {
            let trusted = optional(ctx.accounts, 10, program_id).ok_or(ModelmintError::UntrustedMint)?;
            // Created only by the admin at its canonical address: owner, type and mint identify it.
            let t = TrustedMint::load(trusted, program_id).map_err(|_| ModelmintError::UntrustedMint)?;
            if t.mint != mint.address().to_bytes() {
                return Err(ModelmintError::UntrustedMint.into());
            }
        }
        let decimals = info.decimals;
        let model_key = model.address().to_bytes();
        let vault_bump = pda::canonical(vault, &[runtime(seeds::VAULT), &model_key], program_id)?;
        let vault_bump_seed = [vault_bump];
        CreatePda { payer: &creator, account: vault, space: token::ACCOUNT_LEN, owner: program.address(), extra: 0 }
            .invoke(&[Seed::from(runtime(seeds::VAULT)), Seed::from(&model_key), Seed::from(&vault_bump_seed)])?;
        token::initialize_account3(program, vault, mint, model.address())?;
        m.token_kind = kind;
        m.decimals = decimals;
        m.payment_mint = mint.address().to_bytes();
        m.vault = vault.address().to_bytes();
    }

    ModelCreated {
        model: model.address().to_bytes(),
        asset_mint: mint_key,
        creator: m.creator,
        category: cat,
        visibility: vis,
        status: m.status,
        payment_mint: m.payment_mint,
        price_per_use,
        subscription_price,
        pass_size,
        pass_price,
        card_cid,
        token_kind: m.token_kind,
        decimals: if m.is_native() { 9 } else { m.decimals },
        vault: m.vault,
    }
    .emit();
    Ok(())
}
