import { added, chainOf, type EventContext, latestChain, newerAll } from '../context.js';
import type { OracleRegistered } from '../events.js';

const STATE = ['authority', 'attestation_key', 'can_infer', 'can_train', 'active'] as const;

/** `register_oracle` (and re-registration): the oracle's keys, capabilities and activity. */
export async function onOracleRegistered(ctx: EventContext, e: OracleRegistered): Promise<void> {
  await ctx.trx
    .insertInto('oracles')
    .values({
      address: e.oracle,
      authority: e.authority,
      attestation_key: e.attestationKey,
      can_infer: e.canInfer,
      can_train: e.canTrain,
      active: e.active,
      state_pos: ctx.pos,
      ...chainOf(ctx),
    })
    .onConflict((oc) =>
      oc.column('address').doUpdateSet({ ...newerAll('oracles', STATE, 'state_pos'), ...latestChain('oracles') }),
    )
    .execute();
}

export type OracleCounter = 'jobs_completed' | 'jobs_failed' | 'disputes_lost';

/** Adds one to an oracle's counter (creating a placeholder row when the oracle is not known yet). */
export async function bumpOracle(ctx: EventContext, oracle: string, counter: OracleCounter): Promise<void> {
  await ctx.trx
    .insertInto('oracles')
    .values({ address: oracle, [counter]: '1', ...chainOf(ctx) })
    .onConflict((oc) =>
      oc.column('address').doUpdateSet({ [counter]: added('oracles', counter), ...latestChain('oracles') }),
    )
    .execute();
}
