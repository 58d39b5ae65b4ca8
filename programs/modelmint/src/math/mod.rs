//! Pure money math, free of accounts and syscalls so it is tested natively.

pub mod fees;
pub mod pass;
pub mod settlement;
pub mod subscription;

/// `a × b`, or `None` on overflow. `u64::checked_mul` lowers to a 128-bit
/// multiply (`__multi3`) that upstream BPF cannot call, and LLVM turns a
/// division bound back into the same intrinsic; splitting into 32-bit
/// halves keeps every product within 64 bits.
pub fn mul(a: u64, b: u64) -> Option<u64> {
    let (ah, al) = (a >> 32, a & 0xFFFF_FFFF);
    let (bh, bl) = (b >> 32, b & 0xFFFF_FFFF);
    if ah != 0 && bh != 0 {
        return None;
    }
    // One of ah, bh is zero, so at most one cross term; both fit in 64 bits.
    let cross = ah.wrapping_mul(bl).wrapping_add(al.wrapping_mul(bh));
    if cross >> 32 != 0 {
        return None;
    }
    (cross << 32).checked_add(al.wrapping_mul(bl))
}

/// `floor(a × b / c)` for `b ≤ c`, without 128-bit arithmetic: with
/// a = q·c + r it is q·b + floor(r·b / c), where r·b fits in 64 bits while
/// c ≤ 2^32. A larger `c` (only a duration of over 136 years reaches it)
/// is first scaled down with `b`, `b` rounded down and `c` up, so the result
/// never exceeds the exact one.
pub fn mul_div_le(a: u64, b: u64, c: u64) -> Option<u64> {
    if c == 0 || b > c {
        return None;
    }
    let shift = 32u32.saturating_sub(c.leading_zeros());
    let low_bits = c & 1u64.checked_shl(shift)?.checked_sub(1)?;
    let (b, c) = (b >> shift, (c >> shift).checked_add(u64::from(low_bits != 0))?);
    let q = a.checked_div(c)?;
    let r = a.checked_rem(c)?;
    mul(q, b)?.checked_add(mul(r, b)?.checked_div(c)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn mul_matches_checked_mul() {
        let vals =
            [0u64, 1, 2, 3, 7, 1 << 31, 1 << 32, (1 << 32) + 1, u64::MAX / 3, u64::MAX / 2, u64::MAX - 1, u64::MAX];
        for a in vals {
            for b in vals {
                assert_eq!(super::mul(a, b), a.checked_mul(b), "{a} × {b}");
            }
        }
    }

    #[test]
    fn mul_div_le_matches_128_bit_reference_below_2_pow_32() {
        let reference = |a: u64, b: u64, c: u64| (u128::from(a) * u128::from(b) / u128::from(c)) as u64;
        let mut x: u64 = 0x853c_49e6_748f_ea9b;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let c = (x >> 32).max(1);
            let b = x % (c + 1);
            let a = x.rotate_left(17);
            assert_eq!(super::mul_div_le(a, b, c), Some(reference(a, b, c)), "{a} × {b} / {c}");
        }
        for a in [0u64, 1, u64::MAX] {
            assert_eq!(super::mul_div_le(a, 7, 7), Some(a));
            assert_eq!(super::mul_div_le(a, 0, 7), Some(0));
        }
        assert_eq!(super::mul_div_le(5, 2, 1), None);
        assert_eq!(super::mul_div_le(5, 0, 0), None);
    }

    #[test]
    fn mul_div_le_never_exceeds_a_for_large_divisors() {
        let reference = |a: u64, b: u64, c: u64| (u128::from(a) * u128::from(b) / u128::from(c)) as u64;
        for (a, b, c) in
            [(u64::MAX, 1 << 40, 1 << 41), (1_000_000, (1 << 33) - 1, 1 << 33), (u64::MAX, u64::MAX - 1, u64::MAX)]
        {
            let got = super::mul_div_le(a, b, c).unwrap();
            assert!(got <= a && got <= reference(a, b, c));
            // The shift loses at most what 2^-32 of the ratio is worth.
            assert!(reference(a, b, c) - got <= (a >> 31) + 1, "{a} × {b} / {c}: {got}");
        }
    }
}
