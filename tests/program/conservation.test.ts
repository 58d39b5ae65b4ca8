// Conservation: a seeded random driver (tests/fuzz/driver.ts) runs more than
// 1,000 user operations across wallets, models and currencies (SOL, classic
// SPL Token, Token-2022 with 6 decimals) and checks the money invariants after
// every one. The seed is printed; MODELMINT_FUZZ_SEED=<seed> replays a run,
// `npm run fuzz -- --ops N --seed S` runs longer.
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../fuzz/driver.js';
import { seedFromEnv } from '../fuzz/prng.js';

const OPS = 1_100;

describe('conservation', () => {
  it(`holds over ${OPS} random operations`, { timeout: 180_000 }, async () => {
    const seed = seedFromEnv();
    console.log(`[fuzz] seed ${seed} (replay: MODELMINT_FUZZ_SEED=${seed})`);
    const report = await runFuzz({ seed, ops: OPS });
    const refusals = Object.values(report.refusals).reduce((a, b) => a + b, 0);
    console.log(
      `[fuzz] seed ${seed}: ${report.ops} ops (${report.succeeded} accepted, ${refusals} refused) in ${report.millis} ms, ` +
        `${report.finishedJobs} jobs finished, ${report.checks} checks`,
    );
    expect(report.failure, `seed ${seed}`).toBeUndefined();
    expect(report.ops).toBeGreaterThanOrEqual(1_000);
    // The run must reach the money paths, not only refusals.
    for (const op of [
      'request_generation',
      'settle_job',
      'refund_expired',
      'subscribe',
      'withdraw_revenue',
      // issue 15: fee vault, subscription refunds, dispute deadlines, training disputes
      'withdraw_fees',
      'revoke_access',
      'cancel_subscription',
      'resolve_dispute',
    ]) {
      expect(report.byOperation[op] ?? 0, op).toBeGreaterThan(0);
    }
    expect(report.finishedJobs).toBeGreaterThan(20);
  });
});
