import type { EventData } from '../events.js';
import { add, newOracle, type OracleRow, posGt } from '../fold/rows.js';
import { chainOf, touchLatest } from '../fold/state.js';
import type { FoldContext } from './context.js';

function oracleRow(ctx: FoldContext, address: string): OracleRow {
  const row = ctx.state.oracles.get(address) ?? newOracle(address, chainOf(ctx.e));
  touchLatest(row, ctx.e);
  return ctx.state.oracles.set(address, row);
}

/** `register_oracle` and `set_oracle_active`: keys, capabilities, activity; the latest position wins. */
export function onOracleState(ctx: FoldContext, d: EventData<'OracleRegistered'> | EventData<'OracleUpdated'>): void {
  const row = oracleRow(ctx, d.oracle);
  if (!posGt(ctx.e.pos, row.state_pos)) return;
  Object.assign(row, {
    authority: d.authority,
    attestation_key: d.attestationKey,
    capabilities: d.capabilities,
    can_infer: (d.capabilities & 1) !== 0,
    can_train: (d.capabilities & 2) !== 0,
    active: d.active,
    state_pos: ctx.e.pos,
  });
}

export type OracleCounter = 'jobs_completed' | 'jobs_failed' | 'disputes_lost';

/** Adds one to an oracle's counter (the program's `completed`, `failed`, `disputes_lost`). */
export function bumpOracle(ctx: FoldContext, oracle: string | null, counter: OracleCounter): void {
  if (!oracle) return;
  const row = oracleRow(ctx, oracle);
  row[counter] = add(row[counter], '1');
}
