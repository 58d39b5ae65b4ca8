// What the connected wallet may do with a model, from its access rows.
import type { UserAccess } from '../../lib/indexer.js';

export interface ModelAccess {
  /** Public model, or an unrevoked, unexpired grant. */
  granted: boolean;
  /** An open subscription's expiry while it runs; it serves even without a grant (renewing needs one). */
  subscriptionExpires: number | null;
  passUsesLeft: number;
  passOpen: boolean;
}

export function accessTo(
  model: { address: string; visibility: string | null },
  rows: UserAccess | undefined,
  now: number,
): ModelAccess {
  const mine = <T extends { model: string }>(list: T[] | undefined) =>
    (list ?? []).filter((r) => r.model === model.address);
  const field = (r: Record<string, unknown>, k: string) => r[k];
  const grant = mine(rows?.grants).find(
    (g) =>
      field(g, 'revoked') !== true && (Number(field(g, 'expires_at')) === 0 || Number(field(g, 'expires_at')) > now),
  );
  // A revoked or cancelled subscription is closed on chain (its refund paid): no access left.
  const sub = mine(rows?.subscriptions).find((r) => field(r, 'closed') !== true);
  const subExpires = sub ? Number(field(sub, 'expires_at')) : null;
  const pass = mine(rows?.passes).find((p) => field(p, 'closed') !== true);
  const uses = pass ? Number(field(pass, 'uses_left')) : 0;
  return {
    granted: model.visibility !== 'allowlist' || grant !== undefined,
    subscriptionExpires: subExpires !== null && subExpires > now ? subExpires : null,
    passUsesLeft: uses,
    passOpen: pass !== undefined,
  };
}
