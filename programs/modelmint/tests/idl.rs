//! The IDL in `idl/modelmint.json` is the single source for every client;
//! these tests hold it to the program: discriminators, layouts and errors.

use modelmint::{
    discriminators,
    errors::ModelmintError,
    events::*,
    state::{AccountType, *},
};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn idl() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../idl/modelmint.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read IDL")).expect("parse IDL")
}

fn sha_disc(preimage: &str) -> [u8; 8] {
    Sha256::digest(preimage.as_bytes())[..8].try_into().unwrap()
}

fn bytes(v: &Value) -> [u8; 8] {
    let list: Vec<u8> = v.as_array().unwrap().iter().map(|b| b.as_u64().unwrap() as u8).collect();
    list.try_into().unwrap()
}

/// Borsh size of a fixed-size IDL type.
fn size_of(ty: &Value, idl: &Value) -> usize {
    match ty {
        Value::String(s) => match s.as_str() {
            "bool" | "u8" | "i8" => 1,
            "u16" | "i16" => 2,
            "u32" | "i32" => 4,
            "u64" | "i64" => 8,
            "u128" | "i128" => 16,
            "pubkey" => 32,
            other => panic!("variable-size type {other} in a fixed layout"),
        },
        Value::Object(o) if o.contains_key("array") => {
            let a = o["array"].as_array().unwrap();
            size_of(&a[0], idl) * a[1].as_u64().unwrap() as usize
        }
        Value::Object(o) if o.contains_key("defined") => {
            let name = o["defined"]["name"].as_str().unwrap();
            type_size(name, idl)
        }
        other => panic!("unsupported type {other}"),
    }
}

fn type_size(name: &str, idl: &Value) -> usize {
    let def = idl["types"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap();
    let ty = &def["type"];
    match ty["kind"].as_str().unwrap() {
        "struct" => ty["fields"].as_array().unwrap().iter().map(|f| size_of(&f["type"], idl)).sum(),
        "enum" => 1,
        k => panic!("kind {k}"),
    }
}

fn check_kind(idl_list: &Value, prefix: &str, program: &[(&str, [u8; 8])]) {
    let list = idl_list.as_array().unwrap();
    assert_eq!(list.len(), program.len(), "{prefix} count differs between IDL and program");
    for entry in list {
        let name = entry["name"].as_str().unwrap();
        let disc = bytes(&entry["discriminator"]);
        assert_eq!(disc, sha_disc(&format!("{prefix}{name}")), "IDL {prefix}{name} breaks the sha256 rule");
        let (_, ours) = program.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("program lacks {name}"));
        assert_eq!(*ours, disc, "{prefix}{name}");
    }
}

#[test]
fn instruction_discriminators_match() {
    check_kind(&idl()["instructions"], "global:", discriminators::ix::ALL);
}

#[test]
fn account_discriminators_and_sizes_match() {
    let idl = idl();
    check_kind(&idl["accounts"], "account:", discriminators::account::ALL);
    let space = |name: &str| match name {
        "Config" => Config::SPACE,
        "Oracle" => Oracle::SPACE,
        "Model" => Model::SPACE,
        "ModelVersion" => ModelVersion::SPACE,
        "AccessGrant" => AccessGrant::SPACE,
        "Subscription" => Subscription::SPACE,
        "Pass" => Pass::SPACE,
        "Job" => Job::SPACE,
        "FeeVault" => FeeVault::SPACE,
        "TrustedMint" => TrustedMint::SPACE,
        other => panic!("no size known for account {other}"),
    };
    for acc in idl["accounts"].as_array().unwrap() {
        let name = acc["name"].as_str().unwrap();
        assert_eq!(8 + type_size(name, &idl), space(name), "size of {name}");
    }
}

#[test]
fn event_discriminators_and_sizes_match() {
    let idl = idl();
    check_kind(&idl["events"], "event:", discriminators::event::ALL);
    macro_rules! lens {
        ($($e:ident),*) => {
            |name: &str| match name {
                $(stringify!($e) => $e::LEN,)*
                other => panic!("no size known for event {other}"),
            }
        };
    }
    let len = lens!(
        ConfigUpdated,
        OracleRegistered,
        OracleUpdated,
        ModelCreated,
        ModelUpdated,
        AccessGranted,
        AccessRevoked,
        Subscribed,
        PassBought,
        PassClosed,
        JobRequested,
        JobClaimed,
        ResultSubmitted,
        JobFailed,
        JobExpired,
        JobDisputed,
        DisputeResolved,
        JobSettled,
        VersionPublished,
        VersionYanked,
        JobRated,
        RevenueWithdrawn,
        JobClosed,
        FeesWithdrawn,
        TrustedMintSet,
        SubscriptionCancelled
    );
    for ev in idl["events"].as_array().unwrap() {
        let name = ev["name"].as_str().unwrap();
        assert_eq!(8 + type_size(name, &idl), len(name), "size of event {name}");
    }
}

#[test]
fn errors_match_codes_and_names() {
    let idl = idl();
    let errors = idl["errors"].as_array().unwrap();
    for (i, e) in errors.iter().enumerate() {
        let code = e["code"].as_u64().unwrap() as u32;
        assert_eq!(code, 6000 + i as u32, "codes are contiguous from 6000");
        let ours = ModelmintError::from_code(code).unwrap_or_else(|| panic!("program lacks code {code}"));
        assert_eq!(format!("{ours:?}"), e["name"].as_str().unwrap());
    }
    assert!(ModelmintError::from_code(6000 + errors.len() as u32).is_none(), "program has errors the IDL lacks");
}

/// Each account field sits at the offset the IDL's Borsh layout gives it, so
/// the zero-copy structs and every IDL-driven client read the same bytes.
#[test]
fn account_fields_sit_at_their_idl_offsets() {
    let idl = idl();
    macro_rules! fields {
        ($t:ty; $($f:ident),*) => {
            (stringify!($t), std::vec![$((stringify!($f), core::mem::offset_of!($t, $f))),*])
        };
    }
    let structs = [
        fields!(Config; admin, treasury, arbiter, fee_bps, dispute_window_secs, inference_timeout_secs,
            training_timeout_secs, paused, bump, dispute_resolution_secs, reserved),
        fields!(Oracle; authority, attestation_key, capabilities, active, bump, completed, failed, disputes_lost, reserved),
        fields!(Model; asset_mint, creator, category, visibility, status, bump, current_version, version_count,
            card_cid, payment_mint, vault, token_kind, decimals, price_per_use, subscription_price, pass_size,
            pass_price, uses, gross_revenue, rating_sum, rating_count, escrowed, reserved),
        fields!(ModelVersion; model, version, yanked, bump, weights_cid, dataset_cid, training_job, created_at, reserved),
        fields!(AccessGrant; model, user, expires_at, bump, reserved),
        fields!(Subscription; model, user, expires_at, bump, value, value_since),
        fields!(Pass; model, user, uses_left, bump, unit_price, balance, price, size, reserved),
        fields!(Job; requester, nonce, model, kind, mode, status, bump, version, weights_cid, input_cid, config_cid,
            payment_mint, escrow, fee_bps, refund_bps, oracle, created_at, deadline, delivered_at, result_cid,
            rating, resolve_by, reserved),
        fields!(FeeVault; bump, reserved),
        fields!(TrustedMint; mint, bump, reserved),
    ];
    assert_eq!(structs.len(), idl["accounts"].as_array().unwrap().len(), "every account type is listed");
    for (name, ours) in structs {
        let def = idl["types"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap();
        let mut at = 0;
        let theirs: Vec<(String, usize)> = def["type"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let here = at;
                at += size_of(&f["type"], &idl);
                (f["name"].as_str().unwrap().to_string(), here)
            })
            .collect();
        let ours: Vec<(String, usize)> = ours.into_iter().map(|(n, o)| (n.to_string(), o)).collect();
        assert_eq!(ours, theirs, "{name}: field names and offsets");
    }
}
