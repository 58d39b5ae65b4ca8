// Transaction history: statuses, transactions, signatures by address, blocks.

import { Chain } from '../chain.js';
import { type Handler, withContext } from '../context.js';
import type { JsonObject, JsonValue } from '../json.js';
import { parseTxEncoding, renderTransactionWithMeta } from '../render-tx.js';
import { BLOCK_NOT_AVAILABLE, invalidParams, LONG_TERM_STORAGE_SLOT_SKIPPED, RpcError } from '../rpc-error.js';

const MAX_STATUSES = 256;
const MAX_SIGNATURES = 1000;

function blockNotAvailable(slot: bigint): RpcError {
  return new RpcError(BLOCK_NOT_AVAILABLE, `Block not available for slot ${slot}`);
}

export const historyMethods: Record<string, Handler> = {
  getSignatureStatuses: (ctx, p) => {
    const list = p.raw(0);
    if (!Array.isArray(list)) throw invalidParams('Invalid params: expected an array of signatures');
    if (list.length > MAX_STATUSES) throw invalidParams(`Too many inputs provided; max ${MAX_STATUSES}`);
    const value = list.map((s: unknown): JsonValue => {
      if (typeof s !== 'string') throw invalidParams('Invalid params: expected an array of signatures');
      const st = ctx.chain.signatureStatus(s);
      if (!st) return null;
      return { ...st, status: st.err === null ? { Ok: null } : { Err: st.err } };
    });
    return withContext(ctx.chain.slotAt('processed'), value);
  },

  getTransaction: (ctx, p) => {
    const signature = p.string(0, 'a signature');
    const config = p.config(1);
    const commitment = config.commitment();
    if (commitment === 'processed') throw invalidParams('Method does not support commitment below `confirmed`');
    const encoding = parseTxEncoding(config.raw.encoding);
    const rec = ctx.chain.ledger.transaction(signature);
    if (!rec || !Chain.reached(ctx.chain.signatureStatus(signature), commitment)) return null;
    return {
      slot: rec.slot,
      blockTime: rec.blockTime,
      ...renderTransactionWithMeta(rec, encoding, config.u64('maxSupportedTransactionVersion')),
    };
  },

  getSignaturesForAddress: (ctx, p) => {
    const address = p.pubkey(0);
    const config = p.config(1);
    const commitment = config.commitment();
    if (commitment === 'processed') throw invalidParams('Method does not support commitment below `confirmed`');
    const limit = Number(config.u64('limit') ?? BigInt(MAX_SIGNATURES));
    if (limit < 1 || limit > MAX_SIGNATURES) throw invalidParams(`Invalid limit; max ${MAX_SIGNATURES}`);
    const before = config.string('before');
    const until = config.string('until');
    const all = ctx.chain.ledger.signaturesFor(address);
    let i = all.length - 1;
    if (before !== undefined) {
      const at = all.lastIndexOf(before);
      if (at !== -1) i = at - 1;
      else {
        // A signature that did not touch the address: start below its slot.
        const slot = ctx.chain.ledger.transaction(before)?.slot ?? -1n;
        while (i >= 0 && (ctx.chain.ledger.transaction(all[i] ?? '')?.slot ?? 0n) >= slot) i--;
      }
    }
    const untilSlot =
      until !== undefined && !all.includes(until) ? ctx.chain.ledger.transaction(until)?.slot : undefined;
    const out: JsonObject[] = [];
    for (; i >= 0 && out.length < limit; i--) {
      const sig = all[i] ?? '';
      if (sig === until) break;
      const status = ctx.chain.signatureStatus(sig);
      const rec = ctx.chain.ledger.transaction(sig);
      if (rec && untilSlot !== undefined && rec.slot <= untilSlot) break;
      if (!rec || !status || !Chain.reached(status, commitment)) continue;
      out.push({
        signature: sig,
        slot: rec.slot,
        err: rec.meta.err,
        memo: rec.memo,
        blockTime: rec.blockTime,
        confirmationStatus: status.confirmationStatus,
      });
    }
    return out;
  },

  getBlockTime: (ctx, p) => {
    const slot = p.u64(0, 'slot');
    const block = ctx.chain.ledger.block(slot);
    if (!block) throw blockNotAvailable(slot);
    return block.blockTime;
  },

  getBlock: (ctx, p) => {
    const slot = p.u64(0, 'slot');
    const config = p.config(1);
    const commitment = config.commitment();
    if (commitment === 'processed') throw invalidParams('Method does not support commitment below `confirmed`');
    const block = ctx.chain.ledger.block(slot);
    if (!block || slot > ctx.chain.slotAt(commitment)) {
      if (slot < ctx.chain.slotAt('confirmed')) {
        throw new RpcError(LONG_TERM_STORAGE_SLOT_SKIPPED, `Slot ${slot} was skipped, or missing in long-term storage`);
      }
      throw blockNotAvailable(slot);
    }
    const encoding = parseTxEncoding(config.raw.encoding);
    const details = config.string('transactionDetails') ?? 'full';
    const maxVersion = config.u64('maxSupportedTransactionVersion');
    const out: JsonObject = {
      blockHeight: block.blockHeight,
      blockTime: block.blockTime,
      blockhash: block.blockhash,
      parentSlot: block.parentSlot,
      previousBlockhash: block.previousBlockhash,
    };
    if (details === 'full') {
      out.transactions = block.signatures.map((sig): JsonValue => {
        const rec = ctx.chain.ledger.transaction(sig);
        return rec ? renderTransactionWithMeta(rec, encoding, maxVersion) : null;
      });
    } else if (details === 'signatures') out.signatures = block.signatures;
    else if (details !== 'none') throw invalidParams(`Invalid params: unknown transactionDetails ${details}`);
    if (config.bool('rewards', true)) out.rewards = [];
    return out;
  },

  getBlocks: (ctx, p) => {
    const start = p.u64(0, 'start slot');
    const endRaw = p.raw(1);
    const config = p.config(typeof endRaw === 'number' ? 2 : 1);
    const end = typeof endRaw === 'number' ? BigInt(endRaw) : ctx.chain.slotAt(config.commitment());
    if (end - start > 500_000n) throw invalidParams('Slot range too large; max 500000');
    const out: bigint[] = [];
    for (let s = start; s <= end; s++) if (ctx.chain.ledger.block(s)) out.push(s);
    return out;
  },
};
