//! Bulk passes: the price is escrowed and released one use at a time. After
//! `u` of `size` uses are left the pass holds exactly
//! floor(price × u / size), so every use releases its exact share of the
//! price (the remainder is spread over the uses, none is free, the creator
//! is paid per use) and the last use takes what is left.

use crate::errors::ModelmintError;

/// Pass terms a model may offer: `size` 0 (not offered), or a price of at
/// least one smallest unit per use, so no use of the pass is free.
pub fn check_terms(size: u32, price: u64) -> Result<(), ModelmintError> {
    if size != 0 && price < u64::from(size) {
        return Err(ModelmintError::InvalidPassTerms);
    }
    Ok(())
}

/// The average unit per use, floor(price / size), reported in events.
pub fn unit_price(price: u64, size: u32) -> Result<u64, ModelmintError> {
    price.checked_div(u64::from(size)).ok_or(ModelmintError::ModeNotOffered)
}

/// What a pass of `price` for `size` uses holds with `uses_left` uses left:
/// floor(price × uses_left / size), computed as unit·u + floor(rem·u / size)
/// (rem < size and u ≤ size, so rem·u fits in 64 bits).
pub fn held(price: u64, size: u32, uses_left: u32) -> Result<u64, ModelmintError> {
    if uses_left > size {
        return Err(ModelmintError::ArithmeticOverflow);
    }
    let s = u64::from(size);
    let u = u64::from(uses_left);
    let unit = price.checked_div(s).ok_or(ModelmintError::ModeNotOffered)?;
    let rem = price.checked_rem(s).ok_or(ModelmintError::ModeNotOffered)?;
    let whole = super::mul(unit, u).ok_or(ModelmintError::ArithmeticOverflow)?;
    let part = super::mul(rem, u).and_then(|x| x.checked_div(s)).ok_or(ModelmintError::ArithmeticOverflow)?;
    whole.checked_add(part).ok_or(ModelmintError::ArithmeticOverflow)
}

/// A pass as stored: its terms at purchase and what is left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PassState {
    pub uses_left: u32,
    pub balance: u64,
    /// Average unit, used by passes bought before `price`/`size` were stored.
    pub unit_price: u64,
    /// Price paid for the pass; with `size` 0 the pass predates exact release.
    pub price: u64,
    /// Uses bought.
    pub size: u32,
}

/// Amount moved into a job's escrow for the next use of a pass: the balance
/// above what the remaining uses hold.
pub fn next_use(p: &PassState) -> Result<u64, ModelmintError> {
    if p.uses_left == 0 {
        return Err(ModelmintError::PassExhausted);
    }
    if p.size == 0 {
        // Bought before exact release: a unit each, the last use the rest.
        return Ok(if p.uses_left == 1 { p.balance } else { p.unit_price.min(p.balance) });
    }
    let keep = held(p.price, p.size, p.uses_left.saturating_sub(1))?;
    p.balance.checked_sub(keep).ok_or(ModelmintError::ArithmeticOverflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bought(price: u64, size: u32) -> PassState {
        PassState { uses_left: size, balance: price, unit_price: unit_price(price, size).unwrap(), price, size }
    }

    /// Uses every unit of the pass; returns what each use released.
    fn use_all(mut p: PassState) -> std::vec::Vec<u64> {
        let mut out = std::vec::Vec::new();
        while p.uses_left > 0 {
            let amount = next_use(&p).unwrap();
            p.balance -= amount;
            p.uses_left -= 1;
            out.push(amount);
        }
        assert_eq!(p.balance, 0);
        assert_eq!(next_use(&p), Err(ModelmintError::PassExhausted));
        out
    }

    #[test]
    fn uses_release_exactly_the_price_and_each_its_share() {
        for (price, size) in [(1_000u64, 3u32), (10, 10), (7, 5), (199, 100), (u64::MAX, 7), (u64::MAX, u32::MAX)] {
            if size > 1_000 {
                // Too many uses to walk: check the sums at both ends instead.
                assert_eq!(held(price, size, size).unwrap(), price);
                assert_eq!(held(price, size, 0).unwrap(), 0);
                continue;
            }
            let released = use_all(bought(price, size));
            assert_eq!(released.iter().sum::<u64>(), price);
            let (lo, hi) = (price / u64::from(size), price.div_ceil(u64::from(size)));
            assert!(released.iter().all(|&a| a >= 1 && a >= lo && a <= hi), "{price}/{size}: {released:?}");
        }
        // The remainder is spread, not left to the last use: 199 for 100 uses
        // is 99 uses of 2 and one of 1 (the old rule paid 1 × 99 then 100).
        let released = use_all(bought(199, 100));
        assert_eq!(released.iter().filter(|&&a| a == 2).count(), 99);
    }

    #[test]
    fn held_matches_the_128_bit_formula() {
        let mut x: u64 = 0x1234_5678_9abc_def1;
        for _ in 0..5_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let size = ((x >> 40) as u32).max(1);
            let u = (x as u32) % (size + 1);
            let want = (u128::from(x) * u128::from(u) / u128::from(size)) as u64;
            assert_eq!(held(x, size, u), Ok(want));
        }
        assert_eq!(held(10, 3, 4), Err(ModelmintError::ArithmeticOverflow));
    }

    #[test]
    fn terms_below_one_unit_per_use_are_refused() {
        assert_eq!(check_terms(0, 0), Ok(()));
        assert_eq!(check_terms(0, 5), Ok(()));
        assert_eq!(check_terms(10, 10), Ok(()));
        assert_eq!(check_terms(10, 9), Err(ModelmintError::InvalidPassTerms));
        assert_eq!(check_terms(1, 0), Err(ModelmintError::InvalidPassTerms));
    }

    #[test]
    fn passes_bought_before_exact_release_keep_their_rule() {
        let p = PassState { uses_left: 3, balance: 10, unit_price: 3, price: 0, size: 0 };
        assert_eq!(next_use(&p), Ok(3));
        assert_eq!(next_use(&PassState { uses_left: 1, ..p }), Ok(10));
    }

    #[test]
    fn a_pass_of_size_zero_is_not_offered() {
        assert_eq!(unit_price(100, 0), Err(ModelmintError::ModeNotOffered));
    }
}
