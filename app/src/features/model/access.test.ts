import { describe, expect, it } from 'vitest';
import type { UserAccess } from '../../lib/indexer.js';
import { accessTo } from './access.js';

const MODEL = 'Mode1111111111111111111111111111111111111111';
const NOW = 1_000_000;

// Rows as the indexer sends them (only the fields accessTo reads matter).
const rows = (r: { subscriptions?: object[]; grants?: object[]; passes?: object[] }) =>
  ({ subscriptions: r.subscriptions ?? [], grants: r.grants ?? [], passes: r.passes ?? [] }) as unknown as UserAccess;

describe('accessTo', () => {
  it('an open subscription serves until it expires, even on an allowlist model without a grant', () => {
    const a = accessTo(
      { address: MODEL, visibility: 'allowlist' },
      rows({ subscriptions: [{ model: MODEL, expires_at: String(NOW + 60), closed: false }] }),
      NOW,
    );
    expect(a.granted).toBe(false);
    expect(a.subscriptionExpires).toBe(NOW + 60);
  });

  it('a cancelled or revoked subscription (closed on chain) gives nothing, whatever its expiry', () => {
    const a = accessTo(
      { address: MODEL, visibility: 'public' },
      rows({ subscriptions: [{ model: MODEL, expires_at: String(NOW + 60), closed: true }] }),
      NOW,
    );
    expect(a.subscriptionExpires).toBeNull();
    expect(a.granted).toBe(true);
  });

  it('an expired subscription, a revoked grant and another model’s rows give nothing', () => {
    const a = accessTo(
      { address: MODEL, visibility: 'allowlist' },
      rows({
        subscriptions: [
          { model: MODEL, expires_at: String(NOW - 1), closed: false },
          { model: 'Other111111111111111111111111111111111111111', expires_at: String(NOW + 60), closed: false },
        ],
        grants: [{ model: MODEL, expires_at: '0', revoked: true }],
        passes: [{ model: MODEL, uses_left: '3', closed: true }],
      }),
      NOW,
    );
    expect(a).toEqual({ granted: false, subscriptionExpires: null, passUsesLeft: 0, passOpen: false });
  });
});
