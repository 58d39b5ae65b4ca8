//! Events, logged Anchor-style with `sol_log_data` as
//! `sha256("event:<Name>")[..8]` followed by the Borsh body, so they appear
//! as `Program data: <base64>` and decode with the IDL. Units are given on
//! every field; amounts are in the smallest unit of the payment mint
//! (lamports for SOL).

use crate::discriminators::event;

/// A fixed-size Borsh field of an event.
pub trait EventField {
    const SIZE: usize;
    fn write(&self, w: &mut Writer);
}

macro_rules! le_field {
    ($($t:ty),*) => {$(
        impl EventField for $t {
            const SIZE: usize = core::mem::size_of::<$t>();
            fn write(&self, w: &mut Writer) {
                w.put(&self.to_le_bytes());
            }
        }
    )*};
}
le_field!(u8, u16, u32, u64, i64);

impl EventField for bool {
    const SIZE: usize = 1;
    fn write(&self, w: &mut Writer) {
        w.put(&[u8::from(*self)]);
    }
}

impl<const N: usize> EventField for [u8; N] {
    const SIZE: usize = N;
    fn write(&self, w: &mut Writer) {
        w.put(self);
    }
}

/// Declares an event struct with `LEN` (discriminator + body) and `emit`.
macro_rules! events {
    ($($(#[doc = $doc:literal])* $name:ident = $disc:path { $($(#[doc = $fdoc:literal])* $field:ident: $ty:ty,)* })*) => {$(
        $(#[doc = $doc])*
        pub struct $name {
            $($(#[doc = $fdoc])* pub $field: $ty,)*
        }

        impl $name {
            /// Logged size: 8-byte discriminator plus the Borsh body.
            pub const LEN: usize = 8 $(+ <$ty as EventField>::SIZE)*;

            /// Logs the event with `sol_log_data`.
            pub fn emit(&self) {
                let mut buf = [0u8; Self::LEN];
                let mut w = Writer::new(&mut buf);
                w.put(&$disc);
                $(self.$field.write(&mut w);)*
                log_data(&buf);
            }
        }
    )*};
}

events! {
    /// The full configuration after initialize_config, update_config or set_paused.
    ConfigUpdated = event::CONFIG_UPDATED {
        /// Admin authority.
        admin: [u8; 32],
        /// Wallet receiving the platform fee.
        treasury: [u8; 32],
        /// Authority resolving disputes.
        arbiter: [u8; 32],
        /// Platform fee, basis points.
        fee_bps: u16,
        /// Dispute window, seconds.
        dispute_window_secs: i64,
        /// Inference deadline, seconds.
        inference_timeout_secs: i64,
        /// Training deadline, seconds.
        training_timeout_secs: i64,
        /// New paid activity refused.
        paused: bool,
        /// Time the arbiter has to resolve a dispute, seconds.
        dispute_resolution_secs: i64,
    }
    /// An oracle was registered by the admin.
    OracleRegistered = event::ORACLE_REGISTERED {
        /// Oracle PDA.
        oracle: [u8; 32],
        /// Key signing the oracle's transactions.
        authority: [u8; 32],
        /// Ed25519 key signing results.
        attestation_key: [u8; 32],
        /// Bits: 1 infer, 2 train.
        capabilities: u8,
        /// May claim jobs.
        active: bool,
    }
    /// An oracle was activated or deactivated.
    OracleUpdated = event::ORACLE_UPDATED {
        /// Oracle PDA.
        oracle: [u8; 32],
        /// Key signing the oracle's transactions.
        authority: [u8; 32],
        /// Ed25519 key signing results.
        attestation_key: [u8; 32],
        /// Bits: 1 infer, 2 train.
        capabilities: u8,
        /// May claim jobs.
        active: bool,
    }
    /// A model and its Token-2022 asset were created.
    ModelCreated = event::MODEL_CREATED {
        /// Model PDA.
        model: [u8; 32],
        /// Token-2022 mint of the asset (supply 1).
        asset_mint: [u8; 32],
        /// Creator, first holder of the asset.
        creator: [u8; 32],
        /// 0 caption, 1 style, 2 generate.
        category: u8,
        /// 0 public, 1 allowlist.
        visibility: u8,
        /// 0 draft, 1 training, 2 ready, 3 paused.
        status: u8,
        /// Payment mint; all zeros for native SOL.
        payment_mint: [u8; 32],
        /// Per-use price, smallest unit of the payment mint.
        price_per_use: u64,
        /// Price of 30 days, smallest unit; 0 = not offered.
        subscription_price: u64,
        /// Uses in a bulk pass; 0 = not offered.
        pass_size: u32,
        /// Price of a pass, smallest unit.
        pass_price: u64,
        /// CIDv1 of the model card JSON.
        card_cid: [u8; 36],
        /// 0 native SOL, 1 SPL Token, 2 Token-2022.
        token_kind: u8,
        /// Decimals of the payment mint (9 for SOL).
        decimals: u8,
        /// Token vault PDA; zeros for SOL.
        vault: [u8; 32],
    }
    /// The asset holder changed a model's pricing, visibility, status or card.
    ModelUpdated = event::MODEL_UPDATED {
        /// Model PDA.
        model: [u8; 32],
        /// Asset holder who signed.
        owner: [u8; 32],
        /// 0 public, 1 allowlist.
        visibility: u8,
        /// 0 draft, 1 training, 2 ready, 3 paused.
        status: u8,
        /// Smallest unit.
        price_per_use: u64,
        /// Price of 30 days, smallest unit.
        subscription_price: u64,
        /// Uses per pass.
        pass_size: u32,
        /// Smallest unit.
        pass_price: u64,
        /// CIDv1 of the model card JSON.
        card_cid: [u8; 36],
        /// Version used by default; 0 = none.
        current_version: u32,
    }
    /// A wallet was granted access to an allowlist model.
    AccessGranted = event::ACCESS_GRANTED {
        /// Model PDA.
        model: [u8; 32],
        /// Wallet granted.
        user: [u8; 32],
        /// Unix seconds; 0 = never.
        expires_at: i64,
    }
    /// A wallet's access was revoked: its grant closed, its unused pass
    /// refunded and its subscription's unused time refunded pro rata.
    AccessRevoked = event::ACCESS_REVOKED {
        /// Model PDA.
        model: [u8; 32],
        /// Wallet revoked.
        user: [u8; 32],
        /// Pass balance refunded, smallest unit.
        pass_refund: u64,
        /// Whether the user's pass account was closed.
        pass_closed: bool,
        /// Unused subscription time refunded from the model's revenue, smallest unit.
        subscription_refund: u64,
        /// Whether the user's subscription account was closed.
        subscription_closed: bool,
        /// The wallet had no grant to close (e.g. a public model's subscriber).
        no_grant: bool,
    }
    /// A subscription was bought or renewed; the price was split at purchase.
    Subscribed = event::SUBSCRIBED {
        /// Model PDA.
        model: [u8; 32],
        /// Subscriber.
        user: [u8; 32],
        /// 30-day periods bought.
        months: u16,
        /// Paid, smallest unit.
        amount: u64,
        /// To the model's revenue, smallest unit.
        creator_share: u64,
        /// Platform fee (SOL: to the fee vault; SPL: to the treasury's token account), smallest unit.
        fee: u64,
        /// New expiry, unix seconds.
        expires_at: i64,
        /// All zeros for SOL.
        payment_mint: [u8; 32],
        /// Paid for the time from `value_since` to the expiry (unused time carried over plus this price), smallest unit.
        value: u64,
        /// Unix seconds from which `value` counts.
        value_since: i64,
    }
    /// A bulk pass was bought; its price is held in escrow.
    PassBought = event::PASS_BOUGHT {
        /// Model PDA.
        model: [u8; 32],
        /// Buyer.
        user: [u8; 32],
        /// Uses bought.
        uses: u32,
        /// Escrowed, smallest unit.
        amount: u64,
        /// Released per settled use, smallest unit.
        unit_price: u64,
        /// All zeros for SOL.
        payment_mint: [u8; 32],
    }
    /// A pass was closed and its unused balance refunded.
    PassClosed = event::PASS_CLOSED {
        /// Model PDA.
        model: [u8; 32],
        /// Pass holder.
        user: [u8; 32],
        /// Refunded, smallest unit.
        refund: u64,
    }
    /// A generation or training job was requested and paid into escrow.
    JobRequested = event::JOB_REQUESTED {
        /// Job PDA.
        job: [u8; 32],
        /// Wallet that pays and may dispute.
        requester: [u8; 32],
        /// Model PDA.
        model: [u8; 32],
        /// 0 inference, 1 training.
        kind: u8,
        /// 0 per use, 1 subscription, 2 pass, 3 training fee.
        mode: u8,
        /// Model version used; 0 for training from scratch.
        version: u32,
        /// CIDv1 of that version's weights; zeros if none.
        weights_cid: [u8; 36],
        /// CIDv1 of the input (inference) or dataset (training).
        input_cid: [u8; 36],
        /// CIDv1 of the training config; zeros for inference.
        config_cid: [u8; 36],
        /// Held in escrow, smallest unit.
        escrow: u64,
        /// All zeros for SOL.
        payment_mint: [u8; 32],
        /// Platform fee applied at settlement, basis points.
        fee_bps: u16,
        /// Unix seconds; refundable by anyone after.
        deadline: i64,
        /// Requester-chosen nonce in the job's seeds.
        nonce: u64,
        /// Unix seconds at request.
        created_at: i64,
    }
    /// An oracle claimed a job.
    JobClaimed = event::JOB_CLAIMED {
        /// Job PDA.
        job: [u8; 32],
        /// Oracle PDA.
        oracle: [u8; 32],
        /// Unix seconds.
        claimed_at: i64,
    }
    /// An oracle delivered a result with a verified attestation.
    ResultSubmitted = event::RESULT_SUBMITTED {
        /// Job PDA.
        job: [u8; 32],
        /// Oracle PDA.
        oracle: [u8; 32],
        /// CIDv1 of the result (weights for training).
        result_cid: [u8; 36],
        /// Unix seconds; the dispute window starts here.
        delivered_at: i64,
    }
    /// The oracle failed a job; the requester was refunded in full.
    JobFailed = event::JOB_FAILED {
        /// Job PDA.
        job: [u8; 32],
        /// Oracle PDA.
        oracle: [u8; 32],
        /// Oracle's reason code.
        reason_code: u16,
        /// Refunded, smallest unit.
        refund: u64,
    }
    /// A job passed its deadline undelivered, or its dispute passed its
    /// resolution deadline unresolved; the requester was refunded in full.
    JobExpired = event::JOB_EXPIRED {
        /// Job PDA.
        job: [u8; 32],
        /// Refunded, smallest unit.
        refund: u64,
    }
    /// The requester disputed a delivered result within the window.
    JobDisputed = event::JOB_DISPUTED {
        /// Job PDA.
        job: [u8; 32],
        /// Requester.
        requester: [u8; 32],
        /// CIDv1 of the dispute reason.
        reason_cid: [u8; 36],
        /// Unix seconds; unresolved after this, anyone refunds the requester in full.
        resolve_by: i64,
    }
    /// The arbiter resolved a dispute.
    DisputeResolved = event::DISPUTE_RESOLVED {
        /// Job PDA.
        job: [u8; 32],
        /// Arbiter who signed.
        arbiter: [u8; 32],
        /// Share refunded, basis points.
        refund_bps: u16,
        /// To the requester, smallest unit.
        refund: u64,
        /// To the model (inference) or oracle (training), smallest unit.
        payee_share: u64,
        /// Platform fee (SOL: to the fee vault; SPL: to the treasury's token account), smallest unit.
        fee: u64,
    }
    /// A delivered job settled after the dispute window.
    JobSettled = event::JOB_SETTLED {
        /// Job PDA.
        job: [u8; 32],
        /// Model PDA.
        model: [u8; 32],
        /// Model PDA (inference) or oracle authority (training).
        payee: [u8; 32],
        /// Smallest unit.
        payee_share: u64,
        /// Platform fee (SOL: to the fee vault; SPL: to the treasury's token account), smallest unit.
        fee: u64,
        /// All zeros for SOL.
        payment_mint: [u8; 32],
        /// Unix seconds at settlement.
        settled_at: i64,
    }
    /// A training job settled and published a model version.
    VersionPublished = event::VERSION_PUBLISHED {
        /// Model PDA.
        model: [u8; 32],
        /// New version number.
        version: u32,
        /// CIDv1 of the weights.
        weights_cid: [u8; 36],
        /// CIDv1 of the dataset.
        dataset_cid: [u8; 36],
        /// Job PDA that trained it.
        training_job: [u8; 32],
        /// Unix seconds at publication.
        created_at: i64,
    }
    /// The asset holder yanked a model version.
    VersionYanked = event::VERSION_YANKED {
        /// Model PDA.
        model: [u8; 32],
        /// Yanked version.
        version: u32,
        /// Model's default version after the yank; 0 = none.
        current_version: u32,
    }
    /// The requester rated a settled job.
    JobRated = event::JOB_RATED {
        /// Job PDA.
        job: [u8; 32],
        /// Model PDA.
        model: [u8; 32],
        /// 1 to 5.
        rating: u8,
    }
    /// The asset holder withdrew a model's revenue.
    RevenueWithdrawn = event::REVENUE_WITHDRAWN {
        /// Model PDA.
        model: [u8; 32],
        /// Asset holder who received it.
        owner: [u8; 32],
        /// Smallest unit.
        amount: u64,
        /// All zeros for SOL.
        payment_mint: [u8; 32],
    }
    /// The requester closed a finished job and took back its rent.
    JobClosed = event::JOB_CLOSED {
        /// Job PDA (now closed).
        job: [u8; 32],
        /// Requester who received the rent.
        requester: [u8; 32],
        /// Lamports returned.
        rent: u64,
    }
    /// The treasury withdrew the SOL fees accrued in the fee vault.
    FeesWithdrawn = event::FEES_WITHDRAWN {
        /// Treasury wallet that signed and received them.
        treasury: [u8; 32],
        /// Lamports.
        amount: u64,
    }
    /// The admin added a payment mint with a freeze authority to the trusted list, or removed it.
    TrustedMintSet = event::TRUSTED_MINT_SET {
        /// The mint.
        mint: [u8; 32],
        /// Whether models may now be priced in it.
        trusted: bool,
    }
    /// A subscriber cancelled while the model was not ready (paused); the unused time was refunded.
    SubscriptionCancelled = event::SUBSCRIPTION_CANCELLED {
        /// Model PDA.
        model: [u8; 32],
        /// Subscriber (the account's rent went back to them too).
        user: [u8; 32],
        /// Refunded from the model's revenue, smallest unit.
        refund: u64,
    }
}

/// Appends byte strings into a fixed buffer; event sizes are constants, so an
/// overrun is a programming error caught by the unit tests.
pub struct Writer<'a> {
    buf: &'a mut [u8],
    at: usize,
}

impl<'a> Writer<'a> {
    fn new(buf: &'a mut [u8]) -> Self {
        Self { buf, at: 0 }
    }
    fn put(&mut self, bytes: &[u8]) {
        let end = self.at.saturating_add(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.at..end) {
            dst.copy_from_slice(bytes);
        }
        self.at = end;
    }
}

/// Logs one data field with `sol_log_data`.
fn log_data(data: &[u8]) {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        // sol_log_data takes an array of (ptr, len) slices, built on the stack.
        let fields: [&[u8]; 1] = [data];
        unsafe {
            solana_define_syscall::definitions::sol_log_data(fields.as_ptr() as *const u8, 1);
        }
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    let _ = data;
}
