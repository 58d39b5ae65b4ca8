//! Subscription pricing, expiry and the value of unused time. A
//! subscription records what was paid for the time from `value_since` to its
//! expiry; the unused part is that value pro rata to the time left, and a
//! renewal carries it into the new period so a refund is always exact.

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

/// The value of the time left at `now` of a subscription worth `value` from
/// `since` to `expires_at`: value × (expires_at − now) / (expires_at − since),
/// rounded down; all of it before `since`, nothing once expired.
pub fn unused(value: u64, since: i64, expires_at: i64, now: i64) -> Result<u64, ModelmintError> {
    if now >= expires_at {
        return Ok(0);
    }
    if now <= since {
        return Ok(value);
    }
    let left = expires_at.checked_sub(now).and_then(|d| u64::try_from(d).ok());
    let total = expires_at.checked_sub(since).and_then(|d| u64::try_from(d).ok());
    let (Some(left), Some(total)) = (left, total) else {
        return Err(ModelmintError::ArithmeticOverflow);
    };
    super::mul_div_le(value, left, total).ok_or(ModelmintError::ArithmeticOverflow)
}

/// What a subscription records after a purchase of `price` for `months` at
/// `now`: the unused value carried over plus the price, from now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub value: u64,
    pub since: i64,
    pub expires_at: i64,
}

/// The period after buying `months` at `price` on top of `current`.
pub fn renew(current: &Period, now: i64, price: u64, months: u16) -> Result<Period, ModelmintError> {
    let carried = unused(current.value, current.since, current.expires_at, now)?;
    Ok(Period {
        value: carried.checked_add(price).ok_or(ModelmintError::ArithmeticOverflow)?,
        since: now,
        expires_at: extend(now, current.expires_at, months)?,
    })
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

    #[test]
    fn unused_value_is_pro_rata_to_the_time_left() {
        let m = SECONDS_PER_MONTH;
        // 3 months for 300: after one month 200 is unused.
        assert_eq!(unused(300, 0, 3 * m, m), Ok(200));
        assert_eq!(unused(300, 0, 3 * m, 0), Ok(300));
        assert_eq!(unused(300, 0, 3 * m, -5), Ok(300));
        assert_eq!(unused(300, 0, 3 * m, 3 * m), Ok(0));
        assert_eq!(unused(300, 0, 3 * m, 4 * m), Ok(0));
        // Rounded down: one second in, 299.99... → 299.
        assert_eq!(unused(300, 0, 3 * m, 1), Ok(299));
        assert_eq!(unused(u64::MAX, 0, 2, 1), Ok(u64::MAX / 2));
    }

    #[test]
    fn renewal_carries_the_unused_value_into_the_new_period() {
        let m = SECONDS_PER_MONTH;
        let first = renew(&Period { value: 0, since: 0, expires_at: 0 }, 1_000, 100, 1).unwrap();
        assert_eq!(first, Period { value: 100, since: 1_000, expires_at: 1_000 + m });
        // Half a month later, one more month for 100: 50 unused + 100 over 1.5 months.
        let half = 1_000 + m / 2;
        let second = renew(&first, half, 100, 1).unwrap();
        assert_eq!(second, Period { value: 150, since: half, expires_at: 1_000 + 2 * m });
        // A lapsed subscription carries nothing.
        let lapsed = renew(&second, 1_000 + 3 * m, 70, 1).unwrap();
        assert_eq!(lapsed.value, 70);
        // The refund never exceeds what was paid in all.
        let mut x: u64 = 0x0bad_c0ffee;
        let mut p = Period { value: 0, since: 0, expires_at: 0 };
        let (mut now, mut paid) = (0i64, 0u64);
        for _ in 0..2_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            now += (x % 5_000_000) as i64;
            let price = x % 1_000_000_007;
            p = renew(&p, now, price, (x % 3 + 1) as u16).unwrap();
            paid += price;
            assert!(p.value <= paid);
            assert!(unused(p.value, p.since, p.expires_at, now + (x % 1_000) as i64).unwrap() <= p.value);
        }
    }
}
