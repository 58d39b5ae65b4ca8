//! Job status rules as pure functions: which action is allowed in which
//! status and at what time. Handlers call these before moving any money.

use crate::{constants::job_status::*, errors::ModelmintError};

type R = Result<(), ModelmintError>;

fn require(cond: bool, e: ModelmintError) -> R {
    if cond {
        Ok(())
    } else {
        Err(e)
    }
}

/// An oracle may claim an open job before its deadline.
pub fn claim(status: u8, now: i64, deadline: i64) -> R {
    require(status == OPEN, ModelmintError::InvalidJobStatus)?;
    require(now <= deadline, ModelmintError::DeadlinePassed)
}

/// The claiming oracle may deliver before the deadline.
pub fn submit(status: u8, now: i64, deadline: i64) -> R {
    require(status == CLAIMED, ModelmintError::InvalidJobStatus)?;
    require(now <= deadline, ModelmintError::DeadlinePassed)
}

/// The claiming oracle may give up on a job it has not delivered.
pub fn fail(status: u8) -> R {
    require(status == CLAIMED, ModelmintError::InvalidJobStatus)
}

/// Anyone may refund an undelivered job after its deadline.
pub fn expire(status: u8, now: i64, deadline: i64) -> R {
    require(status == OPEN || status == CLAIMED, ModelmintError::InvalidJobStatus)?;
    require(now > deadline, ModelmintError::DeadlineNotReached)
}

/// End of the dispute window of a delivered job.
pub fn window_end(delivered_at: i64, window: i64) -> Result<i64, ModelmintError> {
    delivered_at.checked_add(window).ok_or(ModelmintError::ArithmeticOverflow)
}

/// The requester may dispute a delivered job within the window.
pub fn dispute(status: u8, now: i64, delivered_at: i64, window: i64) -> R {
    require(status == DELIVERED, ModelmintError::InvalidJobStatus)?;
    require(now <= window_end(delivered_at, window)?, ModelmintError::DisputeWindowClosed)
}

/// Anyone may settle a delivered job once the window has passed.
pub fn settle(status: u8, now: i64, delivered_at: i64, window: i64) -> R {
    require(status == DELIVERED, ModelmintError::InvalidJobStatus)?;
    require(now > window_end(delivered_at, window)?, ModelmintError::DisputeWindowOpen)
}

/// The arbiter resolves disputed jobs only.
pub fn resolve(status: u8) -> R {
    require(status == DISPUTED, ModelmintError::InvalidJobStatus)
}

/// The requester rates a settled job once.
pub fn rate(status: u8, rating: u8, new_rating: u8) -> R {
    require(status == SETTLED, ModelmintError::InvalidJobStatus)?;
    require(rating == 0, ModelmintError::AlreadyRated)?;
    require((1..=5).contains(&new_rating), ModelmintError::InvalidRating)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ModelmintError::*;

    const ALL: [u8; 6] = [OPEN, CLAIMED, DELIVERED, DISPUTED, SETTLED, REFUNDED];

    #[test]
    fn each_action_is_allowed_in_exactly_its_statuses() {
        for s in ALL {
            assert_eq!(claim(s, 0, 10).is_ok(), s == OPEN);
            assert_eq!(submit(s, 0, 10).is_ok(), s == CLAIMED);
            assert_eq!(fail(s).is_ok(), s == CLAIMED);
            assert_eq!(expire(s, 11, 10).is_ok(), s == OPEN || s == CLAIMED);
            assert_eq!(dispute(s, 5, 0, 10).is_ok(), s == DELIVERED);
            assert_eq!(settle(s, 11, 0, 10).is_ok(), s == DELIVERED);
            assert_eq!(resolve(s).is_ok(), s == DISPUTED);
            assert_eq!(rate(s, 0, 5).is_ok(), s == SETTLED);
        }
    }

    #[test]
    fn time_bounds_are_inclusive_then_exclusive() {
        assert_eq!(claim(OPEN, 10, 10), Ok(()));
        assert_eq!(claim(OPEN, 11, 10), Err(DeadlinePassed));
        assert_eq!(submit(CLAIMED, 11, 10), Err(DeadlinePassed));
        assert_eq!(expire(OPEN, 10, 10), Err(DeadlineNotReached));
        assert_eq!(dispute(DELIVERED, 10, 0, 10), Ok(()));
        assert_eq!(dispute(DELIVERED, 11, 0, 10), Err(DisputeWindowClosed));
        assert_eq!(settle(DELIVERED, 10, 0, 10), Err(DisputeWindowOpen));
        assert_eq!(settle(DELIVERED, 11, 0, 10), Ok(()));
    }

    #[test]
    fn ratings_are_once_and_one_to_five() {
        assert_eq!(rate(SETTLED, 3, 4), Err(AlreadyRated));
        assert_eq!(rate(SETTLED, 0, 0), Err(InvalidRating));
        assert_eq!(rate(SETTLED, 0, 6), Err(InvalidRating));
    }
}
