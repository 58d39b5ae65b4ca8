import { createHash } from 'node:crypto';
import { cidFromDigest, cidToString } from '@modelmint/sdk';
import { getAddressDecoder, getBase58Decoder } from '@solana/kit';
import type { DecodedTransaction } from '../../src/ingest/decoder.js';
import type { EventData, EventName, ModelmintEvent } from '../../src/ingest/events.js';

const sha = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

/** Deterministic test values: `addr('model-1')` is the same valid address on every call. */
export const addr = (label: string): string => getAddressDecoder().decode(sha(`a:${label}`));
export const sig = (label: string): string =>
  getBase58Decoder().decode(new Uint8Array([...sha(`s1:${label}`), ...sha(`s2:${label}`)]));
export const cid = (label: string): string => cidToString(cidFromDigest(sha(`c:${label}`)));

export const U64_MAX = (2n ** 64n - 1n).toString();
export const NONE = '11111111111111111111111111111111';

const admin = addr('admin');
const treasury = addr('treasury');
const arbiter = addr('arbiter');
const oracle = addr('oracle');
const oracleAuthority = addr('oracle-auth');
const creator = addr('creator');
const alice = addr('alice');
const bob = addr('bob');
const model = addr('model-1');
const model2 = addr('model-2');
const USDC = addr('usdc-mint');

function ev<N extends EventName>(name: N, data: EventData<N>): ModelmintEvent {
  return { name, data } as ModelmintEvent;
}

const config = (feeBps: number, paused: boolean) =>
  ev('ConfigUpdated', {
    admin,
    treasury,
    arbiter,
    feeBps,
    disputeWindowSecs: '86400',
    inferenceTimeoutSecs: '600',
    trainingTimeoutSecs: '86400',
    paused,
    disputeResolutionSecs: '1209600',
  } as EventData<'ConfigUpdated'>);

function request(label: string, requester: string, mode: number, escrow: string, onModel = model): ModelmintEvent {
  return ev('JobRequested', {
    job: addr(label),
    requester,
    model: onModel,
    kind: mode === 3 ? 1 : 0,
    mode,
    version: mode === 3 ? 0 : 1,
    weightsCid: mode === 3 ? null : cid('weights-1'),
    inputCid: cid(`input-${label}`),
    configCid: mode === 3 ? cid('config') : null,
    escrow,
    paymentMint: onModel === model2 ? USDC : NONE,
    feeBps: 1000,
    deadline: '1700090000',
    nonce: '7',
    createdAt: '1700000000',
  } as EventData<'JobRequested'>);
}

const claimed = (label: string) =>
  ev('JobClaimed', { job: addr(label), oracle, claimedAt: '1700000100' } as EventData<'JobClaimed'>);
const delivered = (label: string) =>
  ev('ResultSubmitted', {
    job: addr(label),
    oracle,
    resultCid: cid(`result-${label}`),
    deliveredAt: '1700000200',
  } as EventData<'ResultSubmitted'>);
const settled = (label: string, payee: string, payeeShare: string, fee: string) =>
  ev('JobSettled', {
    job: addr(label),
    model,
    payee,
    payeeShare,
    fee,
    paymentMint: NONE,
    settledAt: '1700090300',
  } as EventData<'JobSettled'>);

/**
 * A marketplace's history in the program's real event shapes (idl/modelmint.json): config, an
 * oracle, a SOL and an SPL model, a grant, training that publishes a version, a subscription, a
 * pass, jobs that settle / fail / expire / get disputed, a rating, a withdrawal, closings, a
 * yank, config and oracle updates, and amounts up to u64::MAX. One transaction per slot.
 */
export function scenario(): DecodedTransaction[] {
  const txs: ModelmintEvent[][] = [
    [config(1000, false)],
    [
      ev('OracleRegistered', {
        oracle,
        authority: oracleAuthority,
        attestationKey: addr('oracle-att'),
        capabilities: 3,
        active: true,
      } as EventData<'OracleRegistered'>),
    ],
    [
      ev('ModelCreated', {
        model,
        assetMint: addr('asset-1'),
        creator,
        category: 2,
        visibility: 0,
        status: 0,
        paymentMint: NONE,
        pricePerUse: '1000000',
        subscriptionPrice: '50000000',
        passSize: 10,
        passPrice: '9000000',
        cardCid: cid('card-1'),
      } as EventData<'ModelCreated'>),
      ev('ModelCreated', {
        model: model2,
        assetMint: addr('asset-2'),
        creator,
        category: 0,
        visibility: 0,
        status: 0,
        paymentMint: USDC,
        pricePerUse: U64_MAX,
        subscriptionPrice: '0',
        passSize: 0,
        passPrice: '0',
        cardCid: cid('card-2'),
      } as EventData<'ModelCreated'>),
    ],
    [
      ev('ModelUpdated', {
        model: model2,
        owner: creator,
        visibility: 1,
        status: 2,
        pricePerUse: '5',
        subscriptionPrice: '0',
        passSize: 0,
        passPrice: '0',
        cardCid: cid('card-2'),
        currentVersion: 0,
      } as EventData<'ModelUpdated'>),
    ],
    [ev('AccessGranted', { model: model2, user: alice, expiresAt: '0' } as EventData<'AccessGranted'>)],
    // training job-6: publishes version 1, pays the oracle
    [request('job-6', creator, 3, '20000000')],
    [claimed('job-6')],
    [delivered('job-6')],
    [
      ev('VersionPublished', {
        model,
        version: 1,
        weightsCid: cid('result-job-6'),
        datasetCid: cid('input-job-6'),
        trainingJob: addr('job-6'),
        createdAt: '1700000250',
      } as EventData<'VersionPublished'>),
      settled('job-6', oracleAuthority, '18000000', '2000000'),
    ],
    [
      ev('Subscribed', {
        model,
        user: bob,
        months: 1,
        amount: '50000000',
        creatorShare: '45000000',
        fee: '5000000',
        expiresAt: '1702592000',
        paymentMint: NONE,
        value: '50000000',
        valueSince: '1700000000',
      } as EventData<'Subscribed'>),
    ],
    [
      ev('PassBought', {
        model,
        user: alice,
        uses: 10,
        amount: '9000000',
        unitPrice: '900000',
        paymentMint: NONE,
      } as EventData<'PassBought'>),
    ],
    // job-1: per use, settled, rated, closed
    [request('job-1', alice, 0, '1000000')],
    [claimed('job-1')],
    [delivered('job-1')],
    [settled('job-1', model, '900000', '100000')],
    [ev('JobRated', { job: addr('job-1'), model, rating: 4 } as EventData<'JobRated'>)],
    // job-2: a pass use
    [request('job-2', alice, 2, '900000')],
    [claimed('job-2')],
    [delivered('job-2')],
    [settled('job-2', model, '810000', '90000')],
    // job-3: failed by the oracle
    [request('job-3', bob, 0, '1000000')],
    [claimed('job-3')],
    [
      ev('JobFailed', {
        job: addr('job-3'),
        oracle,
        reasonCode: 2,
        refund: '1000000',
      } as EventData<'JobFailed'>),
    ],
    // job-4: expired
    [request('job-4', bob, 0, '1000000')],
    [ev('JobExpired', { job: addr('job-4'), refund: '1000000' } as EventData<'JobExpired'>)],
    // job-5: disputed, 30% refunded
    [request('job-5', alice, 0, '1000000')],
    [claimed('job-5')],
    [delivered('job-5')],
    [
      ev('JobDisputed', {
        job: addr('job-5'),
        requester: alice,
        reasonCid: cid('reason'),
        resolveBy: '1701209600',
      } as EventData<'JobDisputed'>),
    ],
    [
      ev('DisputeResolved', {
        job: addr('job-5'),
        arbiter,
        refundBps: 3000,
        refund: '300000',
        payeeShare: '630000',
        fee: '70000',
      } as EventData<'DisputeResolved'>),
    ],
    // job-7: open on the SPL model, u64::MAX in escrow
    [request('job-7', alice, 0, U64_MAX, model2)],
    [
      ev('RevenueWithdrawn', {
        model,
        owner: creator,
        amount: '500000',
        paymentMint: NONE,
      } as EventData<'RevenueWithdrawn'>),
    ],
    [ev('PassClosed', { model, user: alice, refund: '8100000' } as EventData<'PassClosed'>)],
    [
      ev('AccessRevoked', {
        model: model2,
        user: alice,
        passRefund: '0',
        passClosed: false,
        subscriptionRefund: '0',
        subscriptionClosed: false,
        noGrant: false,
      } as EventData<'AccessRevoked'>),
    ],
    [ev('VersionYanked', { model, version: 1, currentVersion: 0 } as EventData<'VersionYanked'>)],
    [config(1500, true)],
    [
      ev('OracleUpdated', {
        oracle,
        authority: oracleAuthority,
        attestationKey: addr('oracle-att'),
        capabilities: 3,
        active: false,
      } as EventData<'OracleUpdated'>),
    ],
    [ev('JobClosed', { job: addr('job-1'), requester: alice, rent: '2000000' } as EventData<'JobClosed'>)],
    // issue 15: a trusted freezable mint, the treasury taking the SOL fees, a subscription cancelled
    [ev('TrustedMintSet', { mint: USDC, trusted: true } as EventData<'TrustedMintSet'>)],
    [ev('FeesWithdrawn', { treasury, amount: '5190000' } as EventData<'FeesWithdrawn'>)],
    // job-8: disputed, left unresolved past resolve_by, refunded in full
    [request('job-8', bob, 0, '1000000')],
    [claimed('job-8')],
    [delivered('job-8')],
    [
      ev('JobDisputed', {
        job: addr('job-8'),
        requester: bob,
        reasonCid: cid('reason 8'),
        resolveBy: '1701209600',
      } as EventData<'JobDisputed'>),
    ],
    [ev('JobExpired', { job: addr('job-8'), refund: '1000000' } as EventData<'JobExpired'>)],
    [
      ev('SubscriptionCancelled', {
        model,
        user: bob,
        refund: '20000000',
      } as EventData<'SubscriptionCancelled'>),
    ],
  ];
  return txs.map((events, i) => ({
    signature: sig(`tx-${i}`),
    slot: String(1000 + i),
    indexInBlock: 0,
    blockTime: String(1_700_000_000 + i),
    commitment: 'confirmed',
    err: null,
    feePayer: admin,
    events,
  }));
}

/** A deterministic permutation (mulberry32). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export const ADDR = { treasury, oracle, oracleAuthority, creator, alice, bob, model, model2, USDC, NONE };
