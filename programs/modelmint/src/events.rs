//! Events, logged Anchor-style with `sol_log_data` as
//! `sha256("event:<Name>")[..8]` followed by the Borsh body, so they appear
//! as `Program data: <base64>` and decode with the IDL. Units are given on
//! every field.

use pinocchio::Address;

use crate::discriminators::event;

/// The full configuration after `initialize_config` or `update_config`.
pub struct ConfigUpdated {
    /// Admin authority.
    pub admin: Address,
    /// Wallet receiving the platform fee.
    pub treasury: Address,
    /// Authority resolving disputes.
    pub arbiter: Address,
    /// Platform fee, basis points of each payment.
    pub fee_bps: u16,
    /// Dispute window after delivery, seconds.
    pub dispute_window_secs: i64,
    /// Inference job deadline after request, seconds.
    pub inference_timeout_secs: i64,
    /// Training job deadline after request, seconds.
    pub training_timeout_secs: i64,
    /// Whether new paid activity is paused.
    pub paused: bool,
}

impl ConfigUpdated {
    pub const LEN: usize = 8 + 32 * 3 + 2 + 8 * 3 + 1;

    pub fn emit(&self) {
        let mut buf = [0u8; Self::LEN];
        let mut w = Writer::new(&mut buf);
        w.put(&event::CONFIG_UPDATED);
        w.put(self.admin.as_ref());
        w.put(self.treasury.as_ref());
        w.put(self.arbiter.as_ref());
        w.put(&self.fee_bps.to_le_bytes());
        w.put(&self.dispute_window_secs.to_le_bytes());
        w.put(&self.inference_timeout_secs.to_le_bytes());
        w.put(&self.training_timeout_secs.to_le_bytes());
        w.put(&[self.paused as u8]);
        log_data(&buf);
    }
}

/// Appends byte strings into a fixed buffer; event sizes are constants, so an
/// overrun is a programming error caught by the unit tests.
struct Writer<'a> {
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
        // sol_log_data takes an array of (ptr, len) slices.
        let fields: [&[u8]; 1] = [data];
        unsafe {
            solana_define_syscall::definitions::sol_log_data(fields.as_ptr() as *const u8, 1);
        }
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    let _ = data;
}
