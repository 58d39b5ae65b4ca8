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
}
