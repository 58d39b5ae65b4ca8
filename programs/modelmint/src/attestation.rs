//! The oracle's signed result. `submit_result` requires an Ed25519-program
//! instruction in the same transaction whose single signature, by the
//! oracle's attestation key, covers
//! `"modelmint-result-v2" || job || created_at (i64 LE) || weights digest ||
//! input digest || result digest`.
//! The job's creation time binds the signature to one life of the job
//! account: a job closed and created again at the same address (same
//! requester and nonce) has a later `created_at`, so an old attestation never
//! delivers it. The Ed25519 program verifies the signature; this module checks
//! that the verified key and message are the ones this result needs.

use pinocchio::{error::ProgramError, sysvars::instructions::Instructions, AccountView};

use crate::{errors::ModelmintError, ids::ED25519_PROGRAM};

/// Domain separator so a signature over anything else never passes.
pub const DOMAIN: &[u8; 19] = b"modelmint-result-v2";
/// Length of the signed message.
pub const MESSAGE_LEN: usize = 19 + 32 + 8 + 32 * 3;

/// What a result's attestation covers.
pub struct Signed<'a> {
    pub job: &'a [u8; 32],
    /// The job's `created_at`, unix seconds.
    pub created_at: i64,
    pub weights: &'a [u8; 32],
    pub input: &'a [u8; 32],
    pub result: &'a [u8; 32],
}

/// The exact bytes the oracle signs.
pub fn message(s: &Signed) -> [u8; MESSAGE_LEN] {
    let mut m = [0u8; MESSAGE_LEN];
    let created_at = s.created_at.to_le_bytes();
    let parts: [&[u8]; 6] = [DOMAIN, s.job, &created_at, s.weights, s.input, s.result];
    let mut at = 0usize;
    for p in parts {
        let end = at.saturating_add(p.len());
        if let Some(dst) = m.get_mut(at..end) {
            dst.copy_from_slice(p);
        }
        at = end;
    }
    m
}

fn u16_at(data: &[u8], at: usize) -> Option<usize> {
    data.get(at..at.checked_add(2)?).map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
}

/// Checks the data of one Ed25519-program instruction: exactly one
/// signature, every offset pointing into this same instruction (index
/// 0xFFFF, so no other instruction's bytes can stand in), the public key
/// `key` and the message `msg`.
pub fn check_ed25519_data(data: &[u8], key: &[u8; 32], msg: &[u8]) -> Result<(), ModelmintError> {
    let bad = ModelmintError::InvalidAttestation;
    if data.first() != Some(&1) {
        return Err(bad);
    }
    // Offsets struct after the 2-byte header: sig, sig_ix, key, key_ix, msg, msg_len, msg_ix.
    let f = |i: usize| u16_at(data, 2usize.saturating_add(i).saturating_add(i)).ok_or(bad);
    let (key_off, msg_off, msg_len) = (f(2)?, f(4)?, f(5)?);
    if f(1)? != 0xFFFF || f(3)? != 0xFFFF || f(6)? != 0xFFFF {
        return Err(bad);
    }
    let signed_key = data.get(key_off..key_off.saturating_add(32)).ok_or(bad)?;
    let signed_msg = data.get(msg_off..msg_off.saturating_add(msg_len)).ok_or(bad)?;
    if signed_key == key && signed_msg == msg {
        Ok(())
    } else {
        Err(bad)
    }
}

/// Looks through the transaction's earlier instructions for an Ed25519
/// instruction signing `msg` with `key`.
pub fn verify(sysvar: &AccountView, key: &[u8; 32], msg: &[u8]) -> Result<(), ProgramError> {
    let ixs = Instructions::try_from(sysvar)?;
    let current = usize::from(ixs.load_current_index());
    let mut seen = false;
    for i in 0..current {
        let ix = ixs.load_instruction_at(i)?;
        if ix.get_program_id() != &ED25519_PROGRAM {
            continue;
        }
        seen = true;
        if check_ed25519_data(ix.get_instruction_data(), key, msg).is_ok() {
            return Ok(());
        }
    }
    Err(if seen { ModelmintError::InvalidAttestation } else { ModelmintError::MissingAttestation }.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds Ed25519-program data the way the SDK does.
    fn ix_data(key: &[u8; 32], msg: &[u8], ix_index: u16) -> std::vec::Vec<u8> {
        let (key_off, sig_off, msg_off) = (16u16, 48u16, 112u16);
        let mut d = std::vec![1u8, 0];
        for v in [sig_off, ix_index, key_off, ix_index, msg_off, msg.len() as u16, ix_index] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        d.extend_from_slice(key);
        d.extend_from_slice(&[9u8; 64]);
        d.extend_from_slice(msg);
        d
    }

    fn signed(created_at: i64, result: &[u8; 32]) -> [u8; MESSAGE_LEN] {
        message(&Signed { job: &[1; 32], created_at, weights: &[2; 32], input: &[3; 32], result })
    }

    #[test]
    fn accepts_the_exact_key_and_message() {
        let m = signed(1_700_000_000, &[4; 32]);
        assert_eq!(m.len(), MESSAGE_LEN);
        assert_eq!(&m[..19], DOMAIN);
        assert_eq!(&m[19..51], &[1; 32]);
        assert_eq!(&m[51..59], &1_700_000_000i64.to_le_bytes());
        assert_eq!(&m[59..91], &[2; 32]);
        assert_eq!(&m[123..], &[4; 32]);
        assert_eq!(check_ed25519_data(&ix_data(&[7; 32], &m, 0xFFFF), &[7; 32], &m), Ok(()));
    }

    #[test]
    fn rejects_another_key_another_message_or_foreign_offsets() {
        let m = signed(7, &[4; 32]);
        let other = signed(7, &[5; 32]);
        // The same job, weights, input and result in a later life of the job account.
        let recreated = signed(8, &[4; 32]);
        let e = Err(ModelmintError::InvalidAttestation);
        assert_eq!(check_ed25519_data(&ix_data(&[7; 32], &m, 0xFFFF), &[7; 32], &recreated), e);
        assert_eq!(check_ed25519_data(&ix_data(&[8; 32], &m, 0xFFFF), &[7; 32], &m), e);
        assert_eq!(check_ed25519_data(&ix_data(&[7; 32], &other, 0xFFFF), &[7; 32], &m), e);
        assert_eq!(check_ed25519_data(&ix_data(&[7; 32], &m, 0), &[7; 32], &m), e);
        assert_eq!(check_ed25519_data(&[], &[7; 32], &m), e);
        let mut two = ix_data(&[7; 32], &m, 0xFFFF);
        two[0] = 2;
        assert_eq!(check_ed25519_data(&two, &[7; 32], &m), e);
    }
}
