import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Address, ChainColumns, Defaulted, Int8, U64 } from './common.js';

/** `AccessGrant` accounts; a revoked grant keeps its row with `revoked = true`. */
export interface AccessGrantsTable extends ChainColumns {
  model: Address;
  wallet: Address;
  /** Unix seconds; 0 = never. */
  expires_at: Int8;
  revoked: boolean;
}

/**
 * `Subscription` accounts; one revoked or cancelled (its unused time refunded) keeps its row with
 * `closed = true`.
 */
export interface SubscriptionsTable extends ChainColumns {
  model: Address;
  wallet: Address;
  expires_at: Int8;
  mint: Address | null;
  total_paid: Defaulted<U64>;
  /** Paid for the time from `value_since` to the expiry (what a refund is pro rata of). */
  value: Defaulted<U64>;
  value_since: Defaulted<Int8>;
  /** Refunded on revocations and cancellations, in all. */
  refunded: Defaulted<U64>;
  closed: Defaulted<boolean>;
}

/** `Pass` accounts; a closed pass keeps its row with `closed = true`. */
export interface PassesTable extends ChainColumns {
  model: Address;
  wallet: Address;
  uses_left: U64;
  unit_price: U64;
  escrowed: U64;
  /** Price and uses of the last purchase (each use releases floor(price × left / size) exactly). */
  price: Defaulted<U64>;
  size: Defaulted<Int8>;
  mint: Address | null;
  closed: boolean;
  /** Position of the last purchase, which sets unit_price and mint (state guard). */
  bought_pos: Defaulted<string>;
}

export type AccessGrant = Selectable<AccessGrantsTable>;
export type NewAccessGrant = Insertable<AccessGrantsTable>;
export type AccessGrantUpdate = Updateable<AccessGrantsTable>;
export type Subscription = Selectable<SubscriptionsTable>;
export type NewSubscription = Insertable<SubscriptionsTable>;
export type SubscriptionUpdate = Updateable<SubscriptionsTable>;
export type Pass = Selectable<PassesTable>;
export type NewPass = Insertable<PassesTable>;
export type PassUpdate = Updateable<PassesTable>;
