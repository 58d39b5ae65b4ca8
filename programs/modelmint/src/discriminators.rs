//! Anchor discriminators, computed at compile time from their preimages so a
//! typo cannot drift from the IDL: the first 8 bytes of
//! `sha256("global:<snake_name>")`, `sha256("account:<PascalName>")` and
//! `sha256("event:<PascalName>")`.

/// Declares discriminator constants and an `ALL` table of (IDL name, bytes)
/// that tests compare with `idl/modelmint.json`.
macro_rules! discriminators {
    ($prefix:literal; $($konst:ident = $name:literal),* $(,)?) => {
        $(pub const $konst: [u8; 8] = super::disc(concat!($prefix, $name).as_bytes());)*
        /// Every discriminator of this kind with its IDL name.
        pub const ALL: &[(&str, [u8; 8])] = &[$(($name, $konst)),*];
    };
}

/// Instruction discriminators: `sha256("global:<snake_name>")[..8]`.
pub mod ix {
    discriminators!("global:";
        INITIALIZE_CONFIG = "initialize_config",
        UPDATE_CONFIG = "update_config",
        SET_PAUSED = "set_paused",
        REGISTER_ORACLE = "register_oracle",
        SET_ORACLE_ACTIVE = "set_oracle_active",
        CREATE_MODEL = "create_model",
        UPDATE_MODEL = "update_model",
        GRANT_ACCESS = "grant_access",
        REVOKE_ACCESS = "revoke_access",
        REQUEST_TRAINING = "request_training",
        YANK_VERSION = "yank_version",
        WITHDRAW_REVENUE = "withdraw_revenue",
        SUBSCRIBE = "subscribe",
        BUY_PASS = "buy_pass",
        CLOSE_PASS = "close_pass",
        REQUEST_GENERATION = "request_generation",
        CLAIM_JOB = "claim_job",
        SUBMIT_RESULT = "submit_result",
        FAIL_JOB = "fail_job",
        REFUND_EXPIRED = "refund_expired",
        DISPUTE_JOB = "dispute_job",
        RESOLVE_DISPUTE = "resolve_dispute",
        SETTLE_JOB = "settle_job",
        RATE_JOB = "rate_job",
        CLOSE_JOB = "close_job",
        WITHDRAW_FEES = "withdraw_fees",
        SET_TRUSTED_MINT = "set_trusted_mint",
        CANCEL_SUBSCRIPTION = "cancel_subscription",
    );
}

/// Account discriminators: `sha256("account:<PascalName>")[..8]`.
pub mod account {
    discriminators!("account:";
        CONFIG = "Config",
        ORACLE = "Oracle",
        MODEL = "Model",
        MODEL_VERSION = "ModelVersion",
        ACCESS_GRANT = "AccessGrant",
        SUBSCRIPTION = "Subscription",
        PASS = "Pass",
        JOB = "Job",
        FEE_VAULT = "FeeVault",
        TRUSTED_MINT = "TrustedMint",
    );
}

/// Event discriminators: `sha256("event:<PascalName>")[..8]`.
pub mod event {
    discriminators!("event:";
        CONFIG_UPDATED = "ConfigUpdated",
        ORACLE_REGISTERED = "OracleRegistered",
        ORACLE_UPDATED = "OracleUpdated",
        MODEL_CREATED = "ModelCreated",
        MODEL_UPDATED = "ModelUpdated",
        ACCESS_GRANTED = "AccessGranted",
        ACCESS_REVOKED = "AccessRevoked",
        SUBSCRIBED = "Subscribed",
        PASS_BOUGHT = "PassBought",
        PASS_CLOSED = "PassClosed",
        JOB_REQUESTED = "JobRequested",
        JOB_CLAIMED = "JobClaimed",
        RESULT_SUBMITTED = "ResultSubmitted",
        JOB_FAILED = "JobFailed",
        JOB_EXPIRED = "JobExpired",
        JOB_DISPUTED = "JobDisputed",
        DISPUTE_RESOLVED = "DisputeResolved",
        JOB_SETTLED = "JobSettled",
        VERSION_PUBLISHED = "VersionPublished",
        VERSION_YANKED = "VersionYanked",
        JOB_RATED = "JobRated",
        REVENUE_WITHDRAWN = "RevenueWithdrawn",
        JOB_CLOSED = "JobClosed",
        FEES_WITHDRAWN = "FeesWithdrawn",
        TRUSTED_MINT_SET = "TrustedMintSet",
        SUBSCRIPTION_CANCELLED = "SubscriptionCancelled",
    );
}

/// First 8 bytes of the SHA-256 of `preimage`.
pub const fn disc(preimage: &[u8]) -> [u8; 8] {
    let h = sha256(preimage);
    [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]
}

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
];

/// Compile-time SHA-256 (FIPS 180-4) for short preimages (< 56 bytes, one
/// block): discriminator preimages are names, never long. Longer input fails
/// the build instead of hashing wrongly.
#[allow(clippy::arithmetic_side_effects)] // const evaluation; wrapping is the algorithm
const fn sha256(msg: &[u8]) -> [u8; 32] {
    assert!(msg.len() < 56, "discriminator preimage too long");
    let mut block = [0u8; 64];
    let mut i = 0;
    while i < msg.len() {
        block[i] = msg[i];
        i += 1;
    }
    block[msg.len()] = 0x80;
    let bits = (msg.len() as u64) * 8;
    let mut b = 0;
    while b < 8 {
        block[63 - b] = (bits >> (8 * b)) as u8;
        b += 1;
    }
    let mut w = [0u32; 64];
    let mut t = 0;
    while t < 16 {
        w[t] = u32::from_be_bytes([block[4 * t], block[4 * t + 1], block[4 * t + 2], block[4 * t + 3]]);
        t += 1;
    }
    while t < 64 {
        let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
        let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1);
        t += 1;
    }
    let mut h: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let (mut a, mut bb, mut c, mut d, mut e, mut f, mut g, mut hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
    t = 0;
    while t < 64 {
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(K[t]).wrapping_add(w[t]);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & bb) ^ (a & c) ^ (bb & c);
        let t2 = s0.wrapping_add(maj);
        hh = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = bb;
        bb = a;
        a = t1.wrapping_add(t2);
        t += 1;
    }
    let add = [a, bb, c, d, e, f, g, hh];
    let mut out = [0u8; 32];
    let mut j = 0;
    while j < 8 {
        h[j] = h[j].wrapping_add(add[j]);
        let be = h[j].to_be_bytes();
        out[4 * j] = be[0];
        out[4 * j + 1] = be[1];
        out[4 * j + 2] = be[2];
        out[4 * j + 3] = be[3];
        j += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn const_sha256_matches_reference() {
        for s in ["", "abc", "global:initialize_config", "account:Config", "event:ConfigUpdated"] {
            let want: [u8; 32] = Sha256::digest(s.as_bytes()).into();
            assert_eq!(sha256(s.as_bytes()), want, "{s}");
        }
    }

    #[test]
    fn known_anchor_discriminators() {
        assert_eq!(ix::INITIALIZE_CONFIG, [208, 127, 21, 1, 194, 190, 196, 70]);
        assert_eq!(account::CONFIG, [155, 12, 170, 224, 30, 250, 204, 130]);
    }
}
