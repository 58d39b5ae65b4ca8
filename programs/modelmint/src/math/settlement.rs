//! How a job's escrow divides when it ends. Every path satisfies
//! refund + payee share + fee = escrow, to the smallest unit.

use crate::{
    constants::BPS_DENOMINATOR,
    errors::ModelmintError,
    math::fees::{bps_of, split},
};

/// Where a job's escrow goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Back to the requester.
    pub refund: u64,
    /// To the model's revenue (inference) or the oracle (training).
    pub payee: u64,
    /// To the treasury.
    pub fee: u64,
}

/// An undisputed settlement: the platform fee (rounded up), the rest to the payee.
pub fn settle(escrow: u64, fee_bps: u16) -> Result<Outcome, ModelmintError> {
    let s = split(escrow, fee_bps)?;
    Ok(Outcome { refund: 0, payee: s.creator, fee: s.fee })
}

/// A full refund: failure, expiry.
pub fn refund(escrow: u64) -> Outcome {
    Outcome { refund: escrow, payee: 0, fee: 0 }
}

/// An arbiter's decision: `refund_bps` of the escrow back to the requester
/// (rounded down), the rest split as a settlement (fee rounded up).
pub fn resolve(escrow: u64, refund_bps: u16, fee_bps: u16) -> Result<Outcome, ModelmintError> {
    if refund_bps > BPS_DENOMINATOR {
        return Err(ModelmintError::InvalidBps);
    }
    let refund = bps_of(escrow, refund_bps)?;
    let rest = escrow.checked_sub(refund).ok_or(ModelmintError::ArithmeticOverflow)?;
    let s = split(rest, fee_bps)?;
    Ok(Outcome { refund, payee: s.creator, fee: s.fee })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(o: Outcome) -> u64 {
        o.refund + o.payee + o.fee
    }

    #[test]
    fn settle_is_ninety_ten() {
        assert_eq!(settle(1_000_000, 1_000), Ok(Outcome { refund: 0, payee: 900_000, fee: 100_000 }));
    }

    #[test]
    fn full_and_partial_refunds() {
        assert_eq!(resolve(1_000, 10_000, 1_000), Ok(Outcome { refund: 1_000, payee: 0, fee: 0 }));
        assert_eq!(resolve(1_000, 0, 1_000), settle(1_000, 1_000));
        // 1/3 refund of 1,000: 333 back, 667 split 600/67 (fee ceil 66.7 → 67).
        assert_eq!(resolve(1_000, 3_333, 1_000), Ok(Outcome { refund: 333, payee: 600, fee: 67 }));
        assert_eq!(resolve(1_000, 10_001, 1_000), Err(ModelmintError::InvalidBps));
    }

    #[test]
    fn every_outcome_conserves_the_escrow() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let escrow = x >> (x % 64);
            let bps = (x % 10_001) as u16;
            let fee_bps = (x % 2_001) as u16;
            assert_eq!(total(resolve(escrow, bps, fee_bps).unwrap()), escrow);
            assert_eq!(total(settle(escrow, fee_bps).unwrap()), escrow);
            assert_eq!(total(refund(escrow)), escrow);
        }
    }
}
