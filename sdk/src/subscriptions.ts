// The value of a subscription's unused time, as the program refunds it on
// revoke_access and cancel_subscription (math/subscription.rs).
import type { Subscription } from './generated/accounts/index.js';

/**
 * What revoking or cancelling `sub` at `now` refunds: its `value` pro rata to
 * the time left, floor(value × (expiresAt − now) / (expiresAt − valueSince)).
 * Exact for any subscription shorter than 136 years (the program scales
 * longer ones down and may refund a unit less, never more).
 */
export function unusedSubscriptionValue(
  sub: Pick<Subscription, 'value' | 'valueSince' | 'expiresAt'>,
  now: bigint,
): bigint {
  if (now >= sub.expiresAt) return 0n;
  if (now <= sub.valueSince) return sub.value;
  return (sub.value * (sub.expiresAt - now)) / (sub.expiresAt - sub.valueSince);
}
