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

/// Anyone may refund an undelivered job after its deadline, or a disputed
/// one the arbiter left unresolved past `resolve_by` (0: a dispute opened
/// before the rule, which has no such deadline).
pub fn expire(status: u8, now: i64, deadline: i64, resolve_by: i64) -> R {
    if status == DISPUTED {
        return require(resolve_by != 0 && now > resolve_by, ModelmintError::DeadlineNotReached);
    }
    require(status == OPEN || status == CLAIMED, ModelmintError::InvalidJobStatus)?;
    require(now > deadline, ModelmintError::DeadlineNotReached)
}

/// When a dispute opened at `now` must be resolved.
pub fn resolve_by(now: i64, resolution_secs: i64) -> Result<i64, ModelmintError> {
    now.checked_add(resolution_secs).ok_or(ModelmintError::ArithmeticOverflow)
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

/// The arbiter resolves disputed jobs, until their resolution deadline.
pub fn resolve(status: u8, now: i64, resolve_by: i64) -> R {
    require(status == DISPUTED, ModelmintError::InvalidJobStatus)?;
    require(resolve_by == 0 || now <= resolve_by, ModelmintError::DeadlinePassed)
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
            assert_eq!(expire(s, 11, 10, 5).is_ok(), s == OPEN || s == CLAIMED || s == DISPUTED);
            assert_eq!(dispute(s, 5, 0, 10).is_ok(), s == DELIVERED);
            assert_eq!(settle(s, 11, 0, 10).is_ok(), s == DELIVERED);
            assert_eq!(resolve(s, 0, 10).is_ok(), s == DISPUTED);
            assert_eq!(rate(s, 0, 5).is_ok(), s == SETTLED);
        }
    }

    #[test]
    fn time_bounds_are_inclusive_then_exclusive() {
        assert_eq!(claim(OPEN, 10, 10), Ok(()));
        assert_eq!(claim(OPEN, 11, 10), Err(DeadlinePassed));
        assert_eq!(submit(CLAIMED, 11, 10), Err(DeadlinePassed));
        assert_eq!(expire(OPEN, 10, 10, 0), Err(DeadlineNotReached));
        assert_eq!(dispute(DELIVERED, 10, 0, 10), Ok(()));
        assert_eq!(dispute(DELIVERED, 11, 0, 10), Err(DisputeWindowClosed));
        assert_eq!(settle(DELIVERED, 10, 0, 10), Err(DisputeWindowOpen));
        assert_eq!(settle(DELIVERED, 11, 0, 10), Ok(()));
    }

    #[test]
    fn an_unresolved_dispute_is_refundable_after_its_deadline_only() {
        assert_eq!(resolve(DISPUTED, 100, 100), Ok(()));
        assert_eq!(resolve(DISPUTED, 101, 100), Err(DeadlinePassed));
        assert_eq!(expire(DISPUTED, 100, 0, 100), Err(DeadlineNotReached));
        assert_eq!(expire(DISPUTED, 101, 0, 100), Ok(()));
        // A dispute's delivery deadline is irrelevant: only resolve_by counts.
        assert_eq!(expire(DISPUTED, 50, 10, 100), Err(DeadlineNotReached));
        // Disputes opened before the rule carry no deadline: never expired, always resolvable.
        assert_eq!(expire(DISPUTED, i64::MAX, 0, 0), Err(DeadlineNotReached));
        assert_eq!(resolve(DISPUTED, i64::MAX, 0), Ok(()));
        assert_eq!(resolve_by(1_000, 14 * 86_400), Ok(1_000 + 14 * 86_400));
        assert_eq!(resolve_by(i64::MAX, 1), Err(ArithmeticOverflow));
    }

    #[test]
    fn ratings_are_once_and_one_to_five() {
        assert_eq!(rate(SETTLED, 3, 4), Err(AlreadyRated));
        assert_eq!(rate(SETTLED, 0, 0), Err(InvalidRating));
        assert_eq!(rate(SETTLED, 0, 6), Err(InvalidRating));
    }
}
