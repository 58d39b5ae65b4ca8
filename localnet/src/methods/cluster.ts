// Cluster and bank methods: version, health, slots, epochs, blockhashes, fees, rent.
import { API_VERSION, contextSlot, contextual, FEATURE_SET, type Handler, withContext } from '../context.js';
import { fromBase64 } from '../encoding.js';
import { epochOf } from '../epoch.js';
import { computeFee } from '../executor.js';
import { invalidParams } from '../rpc-error.js';
import { parseMessage } from '../wire.js';

export const clusterMethods: Record<string, Handler> = {
  getVersion: () => ({ 'solana-core': API_VERSION, 'feature-set': FEATURE_SET }),
  getHealth: () => 'ok',
  getGenesisHash: ({ chain }) => chain.genesisHash,
  getIdentity: ({ faucet }) => ({ identity: faucet.signer.address }),
  getSlot: (ctx, p) => contextSlot(ctx, p.config(0)),
  getBlockHeight: (ctx, p) => {
    const config = p.config(0);
    contextSlot(ctx, config);
    return ctx.chain.tip(config.commitment()).blockHeight;
  },
  getTransactionCount: ({ chain }) => BigInt(chain.ledger.transactionCount),
  getFirstAvailableBlock: () => 0n,
  getEpochInfo: (ctx, p) => {
    const config = p.config(0);
    contextSlot(ctx, config);
    const tip = ctx.chain.tip(config.commitment());
    const { epoch, slotIndex, slotsInEpoch } = epochOf(ctx.chain.epochSchedule, tip.slot);
    return {
      absoluteSlot: tip.slot,
      blockHeight: tip.blockHeight,
      epoch,
      slotIndex,
      slotsInEpoch,
      transactionCount: BigInt(ctx.chain.ledger.transactionCount),
    };
  },
  getEpochSchedule: ({ chain }) => {
    const s = chain.epochSchedule;
    return {
      firstNormalEpoch: s.firstNormalEpoch,
      firstNormalSlot: s.firstNormalSlot,
      leaderScheduleSlotOffset: s.slotsPerEpoch,
      slotsPerEpoch: s.slotsPerEpoch,
      warmup: s.warmup,
    };
  },
  getLatestBlockhash: (ctx, p) => {
    const config = p.config(0);
    const slot = contextSlot(ctx, config);
    const tip = ctx.chain.tip(config.commitment());
    const lastValidBlockHeight = ctx.chain.lastValidBlockHeight(tip.blockhash) ?? tip.blockHeight;
    return withContext(slot, { blockhash: tip.blockhash, lastValidBlockHeight });
  },
  isBlockhashValid: (ctx, p) => {
    const hash = p.string(0, 'a blockhash');
    const config = p.config(1);
    return contextual(ctx, config, ctx.chain.isBlockhashValid(hash, config.commitment()));
  },
  getFeeForMessage: (ctx, p) => {
    const config = p.config(1);
    let message: ReturnType<typeof parseMessage>;
    try {
      message = parseMessage(fromBase64(p.string(0, 'a base64 message')));
    } catch {
      throw invalidParams('invalid params: failed to deserialize message');
    }
    const valid = ctx.chain.isBlockhashValid(message.recentBlockhash, config.commitment());
    const fee = valid
      ? computeFee({ ...message, wire: new Uint8Array(), signatures: [], fullySigned: false }, message.staticKeys)
      : null;
    return contextual(ctx, config, fee);
  },
  getMinimumBalanceForRentExemption: ({ chain }, p) =>
    chain.svm.minimumBalanceForRentExemption(p.u64(0, 'data length')),
  getRecentPrioritizationFees: () => [],
};
