//! The platform fee split: fee = ceil(amount × fee_bps / 10 000), creator
//! share = amount − fee. Nothing is created or lost. The fee rounds up so a
//! nonzero payment never pays a zero fee while fee_bps > 0 (0-decimal mints,
//! small pass units, dispute remainders); it never exceeds the amount.

use crate::{constants::BPS_DENOMINATOR, errors::ModelmintError};

/// How a payment divides between the platform and the model's owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeeSplit {
    /// Platform fee, in the payment's smallest unit.
    pub fee: u64,
    /// The model owner's share, in the payment's smallest unit.
    pub creator: u64,
}

/// `amount × bps / 10 000` without 128-bit arithmetic, rounded down or up:
/// with amount = q·10 000 + r the product splits into q·bps + r·bps / 10 000,
/// where only the second term has a fraction (r·bps < 10^8 fits).
fn bps_rounded(amount: u64, bps: u16, up: bool) -> Result<u64, ModelmintError> {
    if bps > BPS_DENOMINATOR {
        return Err(ModelmintError::ArithmeticOverflow);
    }
    let d = u64::from(BPS_DENOMINATOR);
    let b = u64::from(bps);
    let q = amount.checked_div(d).ok_or(ModelmintError::ArithmeticOverflow)?;
    let r = amount.checked_rem(d).ok_or(ModelmintError::ArithmeticOverflow)?;
    let whole = super::mul(q, b).ok_or(ModelmintError::ArithmeticOverflow)?;
    let rb = super::mul(r, b).ok_or(ModelmintError::ArithmeticOverflow)?;
    let round = if up { d.saturating_sub(1) } else { 0 };
    let part = rb.checked_add(round).and_then(|x| x.checked_div(d)).ok_or(ModelmintError::ArithmeticOverflow)?;
    whole.checked_add(part).ok_or(ModelmintError::ArithmeticOverflow)
}

/// `floor(amount × bps / 10 000)`, exact for every u64 amount when
/// bps ≤ 10 000 (a dispute's refund share).
pub fn bps_of(amount: u64, bps: u16) -> Result<u64, ModelmintError> {
    bps_rounded(amount, bps, false)
}

/// The platform fee: `ceil(amount × fee_bps / 10 000)`.
pub fn fee_of(amount: u64, fee_bps: u16) -> Result<u64, ModelmintError> {
    bps_rounded(amount, fee_bps, true)
}

/// Splits `amount` into the platform fee and the creator's share.
pub fn split(amount: u64, fee_bps: u16) -> Result<FeeSplit, ModelmintError> {
    let fee = fee_of(amount, fee_bps)?;
    let creator = amount.checked_sub(fee).ok_or(ModelmintError::ArithmeticOverflow)?;
    Ok(FeeSplit { fee, creator })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floor_ref(amount: u64, bps: u16) -> u64 {
        (u128::from(amount) * u128::from(bps) / 10_000) as u64
    }

    fn ceil_ref(amount: u64, bps: u16) -> u64 {
        (u128::from(amount) * u128::from(bps)).div_ceil(10_000) as u64
    }

    #[test]
    fn ten_percent_of_round_amounts() {
        assert_eq!(split(1_000_000, 1_000), Ok(FeeSplit { fee: 100_000, creator: 900_000 }));
        assert_eq!(split(0, 1_000), Ok(FeeSplit { fee: 0, creator: 0 }));
    }

    #[test]
    fn fee_rounds_up_so_a_payment_never_pays_none() {
        // 9 × 1000 / 10000 = 0.9 → 1; 19 → 1.9 → 2; 1 unit of a 0-decimal mint pays 1.
        assert_eq!(split(9, 1_000), Ok(FeeSplit { fee: 1, creator: 8 }));
        assert_eq!(split(19, 1_000), Ok(FeeSplit { fee: 2, creator: 17 }));
        assert_eq!(split(1, 1), Ok(FeeSplit { fee: 1, creator: 0 }));
        assert_eq!(split(20, 1_000), Ok(FeeSplit { fee: 2, creator: 18 }));
        // No fee configured: nothing is taken.
        assert_eq!(split(9, 0), Ok(FeeSplit { fee: 0, creator: 9 }));
        for amount in 1..20_000u64 {
            for bps in [1u16, 999, 1_000, 2_000] {
                assert!(split(amount, bps).unwrap().fee >= 1, "{amount} at {bps}");
            }
        }
    }

    #[test]
    fn matches_128_bit_reference_and_conserves() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let amounts = [0, 1, 9_999, 10_000, 10_001, u64::MAX, u64::MAX - 1, u64::MAX / 3];
        for bps in [0u16, 1, 999, 1_000, 2_000, 9_999, 10_000] {
            let check = |a: u64| {
                let s = split(a, bps).unwrap();
                assert_eq!(s.fee, ceil_ref(a, bps), "amount {a} bps {bps}");
                assert_eq!(bps_of(a, bps).unwrap(), floor_ref(a, bps), "amount {a} bps {bps}");
                assert!(s.fee <= a);
                assert_eq!(s.fee + s.creator, a);
            };
            for &a in &amounts {
                check(a);
            }
            for _ in 0..2_000 {
                // xorshift64: deterministic pseudo-random amounts.
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                check(x);
            }
        }
    }

    #[test]
    fn bps_above_denominator_is_an_error() {
        assert!(bps_of(100, 10_001).is_err());
        assert!(fee_of(100, 10_001).is_err());
    }
}
