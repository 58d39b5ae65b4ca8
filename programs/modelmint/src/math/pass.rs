//! Bulk passes: the price is escrowed and released one unit per settled use.
//! Every use takes `floor(price / size)` except the last, which takes what is
//! left, so a pass releases exactly its price.

use crate::errors::ModelmintError;

/// The unit released per use.
pub fn unit_price(price: u64, size: u32) -> Result<u64, ModelmintError> {
    price.checked_div(u64::from(size)).ok_or(ModelmintError::ModeNotOffered)
}

/// Amount moved into a job's escrow for the next use of a pass.
pub fn next_use(uses_left: u32, unit_price: u64, balance: u64) -> Result<u64, ModelmintError> {
    match uses_left {
        0 => Err(ModelmintError::PassExhausted),
        1 => Ok(balance),
        _ => Ok(unit_price.min(balance)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_release_exactly_the_price() {
        for (price, size) in [(1_000u64, 3u32), (10, 10), (7, 5), (0, 4), (u64::MAX, 7)] {
            let unit = unit_price(price, size).unwrap();
            let (mut left, mut balance, mut released) = (size, price, 0u64);
            while left > 0 {
                let amount = next_use(left, unit, balance).unwrap();
                balance -= amount;
                released += amount;
                left -= 1;
            }
            assert_eq!(released, price);
            assert_eq!(balance, 0);
            assert_eq!(next_use(0, unit, 0), Err(ModelmintError::PassExhausted));
        }
    }

    #[test]
    fn a_pass_of_size_zero_is_not_offered() {
        assert_eq!(unit_price(100, 0), Err(ModelmintError::ModeNotOffered));
    }
}
