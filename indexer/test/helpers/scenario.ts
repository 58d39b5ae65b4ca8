import type { DecodedTransaction } from '../../src/ingest/decoder.js';
import type { ModelmintEvent } from '../../src/ingest/events.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Deterministic base58 strings: `addr('model-1')` is the same on every call. */
function base58(label: string, length: number): string {
  let h = 2166136261;
  let out = '';
  for (let i = 0; out.length < length; i++) {
    const c = label.charCodeAt(i % label.length) + i;
    h = Math.imul(h ^ c, 16777619) >>> 0;
    out += ALPHABET[h % ALPHABET.length];
  }
  return out;
}
export const addr = (label: string) => base58(`a:${label}`, 44);
export const sig = (label: string) => base58(`s:${label}`, 88);
export const hex = (label: string) => base58(`h:${label}`, 64).toLowerCase();

export const U64_MAX = (2n ** 64n - 1n).toString();

const config = addr('config');
const treasury = addr('treasury');
const arbiter = addr('arbiter');
const admin = addr('admin');
const oracle = addr('oracle');
const creator = addr('creator');
const alice = addr('alice');
const bob = addr('bob');
const model = addr('model-1');
const model2 = addr('model-2');
const SOL = 'So11111111111111111111111111111111111111112';
const USDC = addr('usdc-mint');

function settings(over: Partial<Record<string, string>> = {}) {
  return {
    category: 'generate' as const,
    visibility: 'public' as const,
    status: 'ready' as const,
    cardHash: hex('card-1'),
    cardCid: 'bafkreicard1',
    paymentMint: SOL,
    pricePerUse: '1000000',
    subscriptionPrice: '50000000',
    passSize: '10',
    passPrice: '9000000',
    ...over,
  };
}

/**
 * A marketplace's history: config, an oracle, two models, grants, a subscription, a pass, jobs
 * that settle / fail / expire / get disputed, a training job publishing a version, ratings, a
 * withdrawal, and amounts up to u64::MAX. One transaction per slot, in chain order.
 */
export function scenario(): DecodedTransaction[] {
  const txs: ModelmintEvent[][] = [
    [
      {
        name: 'ConfigUpdated',
        config,
        admin,
        treasury,
        arbiter,
        feeBps: 1000,
        disputeWindowSecs: '86400',
        inferenceTimeoutSecs: '600',
        trainingTimeoutSecs: '86400',
        paused: false,
      },
    ],
    [
      {
        name: 'OracleRegistered',
        oracle,
        authority: addr('oracle-auth'),
        attestationKey: addr('oracle-att'),
        canInfer: true,
        canTrain: true,
        active: true,
      },
    ],
    [
      {
        name: 'ModelCreated',
        model,
        assetMint: addr('asset-1'),
        creator,
        metadataName: 'Pixel Cats',
        symbol: 'CATS',
        uri: 'ipfs://bafkreicard1',
        createdAt: '1700000000',
        ...settings(),
      },
      {
        name: 'ModelCreated',
        model: model2,
        assetMint: addr('asset-2'),
        creator,
        metadataName: 'Caption Bot',
        symbol: 'CAP',
        uri: 'ipfs://bafkreicard2',
        createdAt: '1700000001',
        ...settings({ category: 'caption', cardHash: hex('card-2'), paymentMint: USDC, pricePerUse: U64_MAX }),
      },
    ],
    [
      {
        name: 'ModelUpdated',
        model: model2,
        ...settings({ visibility: 'allowlist', paymentMint: USDC, pricePerUse: '5' }),
      },
    ],
    [{ name: 'AccessGranted', model: model2, user: alice, expiresAt: '0' }],
    [
      {
        name: 'Subscribed',
        model,
        user: bob,
        months: 1,
        amount: '50000000',
        fee: '5000000',
        creatorShare: '45000000',
        mint: SOL,
        treasury,
        expiresAt: '1702592000',
      },
    ],
    [
      {
        name: 'PassBought',
        model,
        user: alice,
        pass: addr('pass-alice'),
        amount: '9000000',
        mint: SOL,
        usesLeft: '10',
        unitPrice: '900000',
        escrowed: '9000000',
      },
    ],
    // job 1: per-use, claimed, delivered, settled, rated
    [job('job-1', alice, 'per_use', '1000000')],
    [{ name: 'JobClaimed', job: addr('job-1'), oracle, claimedAt: '1700000100' }],
    [
      {
        name: 'ResultSubmitted',
        job: addr('job-1'),
        oracle,
        resultHash: hex('r1'),
        resultCid: 'bafkreir1',
        deliveredAt: '1700000200',
      },
    ],
    [settle('job-1', 'per_use', addr('job-1'), '1000000', null)],
    [{ name: 'JobRated', job: addr('job-1'), model, rater: alice, rating: 4, ratedAt: '1700090000' }],
    // job 2: pass use
    [
      {
        ...job('job-2', alice, 'pass', '0'),
        passState: { pass: addr('pass-alice'), user: alice, usesLeft: '9', escrowed: '9000000' },
      },
    ],
    [{ name: 'JobClaimed', job: addr('job-2'), oracle, claimedAt: '1700000300' }],
    [
      {
        name: 'ResultSubmitted',
        job: addr('job-2'),
        oracle,
        resultHash: hex('r2'),
        resultCid: 'bafkreir2',
        deliveredAt: '1700000400',
      },
    ],
    [
      settle('job-2', 'pass', addr('pass-alice'), '900000', {
        pass: addr('pass-alice'),
        user: alice,
        usesLeft: '9',
        escrowed: '8100000',
      }),
    ],
    // job 3: oracle fails it
    [job('job-3', bob, 'per_use', '1000000')],
    [{ name: 'JobClaimed', job: addr('job-3'), oracle, claimedAt: '1700000500' }],
    [
      {
        name: 'JobFailed',
        job: addr('job-3'),
        oracle,
        requester: bob,
        reasonCode: 3,
        refunded: '1000000',
        mint: SOL,
        failedAt: '1700000600',
      },
    ],
    // job 4: expires, refunded by a crank
    [job('job-4', bob, 'per_use', '1000000')],
    [
      {
        name: 'JobRefunded',
        job: addr('job-4'),
        requester: bob,
        refunded: '1000000',
        mint: SOL,
        refundedAt: '1700999999',
      },
    ],
    // job 5: disputed, arbiter refunds 30%
    [job('job-5', alice, 'per_use', '1000000')],
    [{ name: 'JobClaimed', job: addr('job-5'), oracle, claimedAt: '1700000700' }],
    [
      {
        name: 'ResultSubmitted',
        job: addr('job-5'),
        oracle,
        resultHash: hex('r5'),
        resultCid: 'bafkreir5',
        deliveredAt: '1700000800',
      },
    ],
    [
      {
        name: 'JobDisputed',
        job: addr('job-5'),
        model,
        requester: alice,
        reasonHash: hex('why'),
        reasonCid: 'bafkreiwhy',
        disputedAt: '1700000900',
      },
    ],
    [
      {
        name: 'DisputeResolved',
        job: addr('job-5'),
        model,
        oracle,
        requester: alice,
        arbiter,
        treasury,
        refundBps: 3000,
        refunded: '300000',
        creatorShare: '630000',
        fee: '70000',
        mint: SOL,
        resolvedAt: '1700001000',
      },
    ],
    // training job publishing version 1, then a version yanked
    [
      {
        ...job('job-6', creator, 'per_use', '20000000'),
        kind: 'training',
        datasetHash: hex('ds'),
        configHash: hex('cfg'),
      },
    ],
    [{ name: 'JobClaimed', job: addr('job-6'), oracle, claimedAt: '1700001100' }],
    [
      {
        name: 'ResultSubmitted',
        job: addr('job-6'),
        oracle,
        resultHash: hex('w1'),
        resultCid: 'bafkreiw1',
        deliveredAt: '1700001200',
      },
    ],
    [
      { ...settle('job-6', 'per_use', addr('job-6'), '20000000', null), kind: 'training' },
      {
        name: 'VersionPublished',
        model,
        version: 1,
        modelVersion: addr('model-1-v1'),
        weightsHash: hex('w1'),
        weightsCid: 'bafkreiw1',
        datasetHash: hex('ds'),
        trainingJob: addr('job-6'),
        createdAt: '1700090000',
      },
    ],
    [{ name: 'VersionYanked', model, version: 1 }],
    [{ name: 'RevenueWithdrawn', model, recipient: creator, amount: '500000', mint: SOL }],
    [{ name: 'PassClosed', model, user: alice, pass: addr('pass-alice'), refunded: '8100000', mint: SOL }],
    [{ name: 'AccessRevoked', model: model2, user: alice, passRefund: '0', mint: USDC, pass: addr('pass-alice-2') }],
    [
      {
        name: 'ConfigUpdated',
        config,
        admin,
        treasury,
        arbiter,
        feeBps: 1500,
        disputeWindowSecs: '3600',
        inferenceTimeoutSecs: '600',
        trainingTimeoutSecs: '86400',
        paused: true,
      },
    ],
    // a u64::MAX escrow on model 2 (USDC)
    [{ ...job('job-7', alice, 'per_use', U64_MAX), model: model2, mint: USDC }],
  ];
  return txs.map((events, i) => ({
    signature: sig(`tx-${i}`),
    slot: String(1000 + i * 3),
    indexInBlock: 0,
    blockTime: String(1700000000 + i),
    commitment: 'confirmed',
    err: null,
    feePayer: admin,
    events,
  }));

  function job(
    label: string,
    requester: string,
    mode: 'per_use' | 'pass',
    escrowed: string,
  ): ModelmintEvent & { name: 'JobRequested' } {
    return {
      name: 'JobRequested',
      job: addr(label),
      requester,
      nonce: '7',
      kind: 'inference',
      model,
      version: 0,
      weightsHash: hex('w0'),
      mode,
      escrowed,
      mint: SOL,
      inputHash: hex(`in-${label}`),
      inputCid: `bafkreiin${label}`,
      datasetHash: null,
      configHash: null,
      createdAt: '1700000050',
      deadline: '1700000650',
      passState: null,
    };
  }

  function settle(
    label: string,
    mode: 'per_use' | 'pass',
    source: string,
    amount: string,
    passState: (ModelmintEvent & { name: 'JobSettled' })['passState'],
  ): ModelmintEvent & { name: 'JobSettled' } {
    const fee = (BigInt(amount) * 1000n) / 10000n;
    return {
      name: 'JobSettled',
      job: addr(label),
      model,
      oracle,
      kind: 'inference',
      mode,
      source,
      treasury,
      amount,
      creatorShare: (BigInt(amount) - fee).toString(),
      fee: fee.toString(),
      mint: SOL,
      settledAt: '1700090000',
      passState,
    };
  }
}

/** A deterministic shuffle (Fisher-Yates with a small LCG). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export const ADDR = { config, treasury, oracle, creator, alice, bob, model, model2, SOL, USDC };
