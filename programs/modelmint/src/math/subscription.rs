//! Subscription pricing and expiry.

use crate::{
    constants::{MAX_SUBSCRIPTION_MONTHS, SECONDS_PER_MONTH},
    errors::ModelmintError,
};

/// Price of `months` 30-day periods at `monthly` each.
pub fn price(monthly: u64, months: u16) -> Result<u64, ModelmintError> {
    if months == 0 || months > MAX_SUBSCRIPTION_MONTHS {
        return Err(ModelmintError::InvalidArgument);
    }
    super::mul(monthly, u64::from(months)).ok_or(ModelmintError::ArithmeticOverflow)
}

/// New expiry after buying `months`: renewals extend from the later of now
/// and the current expiry, so unused time is never lost.
pub fn extend(now: i64, expires_at: i64, months: u16) -> Result<i64, ModelmintError> {
    let from = now.max(expires_at);
    // months ≤ 65 535 and a month is 2 592 000 s: the product fits in i64.
    let secs = super::mul(SECONDS_PER_MONTH as u64, u64::from(months)).ok_or(ModelmintError::ArithmeticOverflow)?;
    i64::try_from(secs).ok().and_then(|d| from.checked_add(d)).ok_or(ModelmintError::ArithmeticOverflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewal_extends_from_the_later_of_now_and_expiry() {
        let m = SECONDS_PER_MONTH;
        assert_eq!(extend(1_000, 0, 1), Ok(1_000 + m));
        // Still active: extends from the expiry.
        assert_eq!(extend(1_000, 5_000, 2), Ok(5_000 + 2 * m));
        // Lapsed: extends from now.
        assert_eq!(extend(9_000, 5_000, 1), Ok(9_000 + m));
    }

    #[test]
    fn price_is_checked() {
        assert_eq!(price(10, 3), Ok(30));
        assert_eq!(price(10, 0), Err(ModelmintError::InvalidArgument));
        assert_eq!(price(10, MAX_SUBSCRIPTION_MONTHS + 1), Err(ModelmintError::InvalidArgument));
        assert_eq!(price(u64::MAX, 2), Err(ModelmintError::ArithmeticOverflow));
    }
}
