// What every RPC method handler receives, and the `{context, value}` wrapper.
import type { Chain } from './chain.js';
import type { Faucet } from './faucet.js';
import type { JsonObject, JsonValue } from './json.js';
import type { Commitment, Config, Params } from './params.js';
import { MIN_CONTEXT_SLOT_NOT_REACHED, RpcError } from './rpc-error.js';

/** The RPC API version reported in response contexts and by getVersion. */
export const API_VERSION = '2.3.6';
export const FEATURE_SET = 3_640_012_085;

export interface RpcContext {
  chain: Chain;
  faucet: Faucet;
}

export type Handler = (ctx: RpcContext, params: Params) => JsonValue | Promise<JsonValue>;

/** The slot a read at this configuration sees; checks `minContextSlot`. */
export function contextSlot(ctx: RpcContext, config: Config): bigint {
  const slot = ctx.chain.slotAt(config.commitment());
  const min = config.u64('minContextSlot');
  if (min !== undefined && min > slot) {
    throw new RpcError(MIN_CONTEXT_SLOT_NOT_REACHED, 'Minimum context slot has not been reached', {
      contextSlot: slot,
    });
  }
  return slot;
}

/** `{context: {apiVersion, slot}, value}`. */
export function withContext(slot: bigint, value: JsonValue): JsonObject {
  return { context: { apiVersion: API_VERSION, slot }, value };
}

/** Wraps `value` in a context at the slot of `config`'s commitment. */
export function contextual(ctx: RpcContext, config: Config, value: JsonValue): JsonObject {
  return withContext(contextSlot(ctx, config), value);
}

export function commitmentOf(config: Config): Commitment {
  return config.commitment();
}
