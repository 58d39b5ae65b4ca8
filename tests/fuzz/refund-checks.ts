// The fuzz checks of subscription refunds (revoke_access, cancel_subscription):
// the refund is the subscription's unused value read before the transaction,
// it comes out of the model's revenue (topped up by the holder when short),
// and the closed subscription's rent goes back to its subscriber.
import { type EventDataMap, generated } from '@modelmint/sdk';
import type { CheckedState } from './checks.js';
import type { TxRecord } from './ledger-sender.js';
import type { FuzzModel } from './state.js';

const PASS_SIZE = generated.getPassSize();
const SUBSCRIPTION_SIZE = generated.getSubscriptionSize();

/** A subscription refund against what the driver read before sending. */
export function onSubscriptionRefundEvent(s: CheckedState, closed: boolean, refund: bigint): void {
  if (!closed) {
    s.eq(refund, 0n, 'no subscription closed, no subscription refund');
    return;
  }
  const expected = s.expectedSubscriptionRefund;
  s.check(expected !== undefined, () => 'the driver read the subscription before refunding it');
  s.eq(refund, expected ?? -1n, 'subscription refund = value × time left / time paid for');
}

/**
 * The model's revenue moves by the refund less any top-up, and the top-up is
 * exactly the shortfall: the revenue falls by min(refund, revenue before).
 */
function revenueAfterRefund(s: CheckedState, rec: TxRecord, m: FuzzModel, refund: bigint, passRefund: bigint): void {
  let delta: bigint;
  if (m.currency.kind === 'sol') {
    delta = s.net(rec, m.address);
  } else {
    const vault = s.tokenDelta(rec, m.vault);
    s.eq(s.escrowedDelta(m), -passRefund, 'escrow releases exactly the pass refund');
    delta = vault + passRefund;
  }
  const taken = refund < m.revenue ? refund : m.revenue;
  s.eq(delta, -taken, 'revenue falls by the refund, less a top-up of exactly the shortfall');
  m.revenue += delta;
}

/** What the user receives: lamports (refunds in SOL, rents) and tokens (refunds in SPL). */
function paidToUser(
  s: CheckedState,
  rec: TxRecord,
  m: FuzzModel,
  user: EventDataMap['AccessRevoked']['user'],
  o: { refunds: bigint; rents: bigint },
): void {
  const sol = m.currency.kind === 'sol';
  s.eq(s.net(rec, user), o.rents + (sol ? o.refunds : 0n), 'user receives the refunds and rents');
  if (!sol && o.refunds > 0n) {
    const t = [...rec.after.tokens].find(([, x]) => x.owner === user && x.mint === m.currency.mint)?.[0];
    s.eq(t ? s.tokenDelta(rec, t) : -1n, o.refunds, 'user tokens = refunds');
  }
}

/** `revoke_access`: pass refunded in full, subscription pro rata, both closed. */
export function onRevoked(s: CheckedState, rec: TxRecord, d: EventDataMap['AccessRevoked']): void {
  const m = s.findModel(d.model);
  onSubscriptionRefundEvent(s, d.subscriptionClosed, d.subscriptionRefund);
  if (!d.passClosed) s.eq(d.passRefund, 0n, 'no pass closed, no pass refund');
  const rents = (d.passClosed ? s.rent(PASS_SIZE) : 0n) + (d.subscriptionClosed ? s.rent(SUBSCRIPTION_SIZE) : 0n);
  // A holder revoking itself also pays the fee, any top-up and takes the grant's rent: skip.
  if (d.user !== rec.feePayer) paidToUser(s, rec, m, d.user, { refunds: d.passRefund + d.subscriptionRefund, rents });
  revenueAfterRefund(s, rec, m, d.subscriptionRefund, d.passRefund);
  s.expectedSubscriptionRefund = undefined;
}

/** `cancel_subscription`: the subscriber's unused time back while the model is not ready. */
export function onSubscriptionCancelled(
  s: CheckedState,
  rec: TxRecord,
  d: EventDataMap['SubscriptionCancelled'],
): void {
  const m = s.findModel(d.model);
  onSubscriptionRefundEvent(s, true, d.refund);
  paidToUser(s, rec, m, d.user, { refunds: d.refund, rents: s.rent(SUBSCRIPTION_SIZE) });
  revenueAfterRefund(s, rec, m, d.refund, 0n);
  s.expectedSubscriptionRefund = undefined;
}
