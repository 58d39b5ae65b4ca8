/**
 * A synthetic program history for the benchmark and the crash test: models, subscriptions,
 * passes, and jobs that are requested, claimed, delivered, settled (some rated), as raw RPC
 * transactions whose logs hold the events Borsh-encoded exactly as the program logs them.
 */
import { createHash } from 'node:crypto';
import { cidFromDigest, cidToString } from '@modelmint/sdk';
import { getAddressDecoder, getBase58Decoder } from '@solana/kit';
import type { RawTransaction } from '../ingest/decoder.js';
import type { EventData, EventName, ModelmintEvent } from '../ingest/events.js';
import { logsOf } from './encode.js';

const sha = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());
const addresses = new Map<string, string>();
export const addr = (label: string): string => {
  let a = addresses.get(label);
  if (!a) {
    a = getAddressDecoder().decode(sha(label));
    addresses.set(label, a);
  }
  return a;
};
const signature = (label: string) =>
  getBase58Decoder().decode(new Uint8Array([...sha(`1${label}`), ...sha(`2${label}`)]));
const cid = (label: string) => cidToString(cidFromDigest(sha(label)));
const NONE = '11111111111111111111111111111111';
const ev = <N extends EventName>(name: N, data: EventData<N>): ModelmintEvent =>
  ({ name, data }) as unknown as ModelmintEvent;

export interface SyntheticOptions {
  programId: string;
  /** At least this many events. */
  events: number;
  models?: number;
  users?: number;
  seed?: number;
}

/** Raw transactions (one event each, one slot per 4 transactions), oldest first. */
export function syntheticHistory(o: SyntheticOptions): { txs: RawTransaction[]; events: number } {
  let s = o.seed ?? 1;
  const rand = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  const modelCount = o.models ?? 200;
  const userCount = o.users ?? 2_000;
  const oracle = addr('oracle');
  const out: RawTransaction[] = [];
  let n = 0;
  const push = (event: ModelmintEvent) => {
    const slot = 1_000 + Math.floor(n / 4);
    out.push({
      slot,
      blockTime: 1_750_000_000 + Math.floor(n / 8),
      indexWithinBlock: n % 4,
      meta: { err: null, logMessages: logsOf(o.programId, [event]) },
      transaction: { signatures: [signature(`tx${o.seed ?? 1}-${n}`)], message: { accountKeys: [] } },
    });
    n++;
  };
  push(
    ev('ConfigUpdated', {
      admin: addr('admin'),
      treasury: addr('treasury'),
      arbiter: addr('arbiter'),
      feeBps: 1000,
      disputeWindowSecs: '86400',
      inferenceTimeoutSecs: '600',
      trainingTimeoutSecs: '86400',
      paused: false,
      disputeResolutionSecs: '1209600',
    } as EventData<'ConfigUpdated'>),
  );
  push(
    ev('OracleRegistered', {
      oracle,
      authority: addr('oracle-auth'),
      attestationKey: addr('oracle-att'),
      capabilities: 3,
      active: true,
    } as EventData<'OracleRegistered'>),
  );
  for (let m = 0; m < modelCount; m++) {
    push(
      ev('ModelCreated', {
        model: addr(`model${m}`),
        assetMint: addr(`asset${m}`),
        creator: addr(`creator${m % 50}`),
        category: m % 3,
        visibility: 0,
        status: 2,
        paymentMint: NONE,
        pricePerUse: String(1_000 + m),
        subscriptionPrice: '5000000',
        passSize: 10,
        passPrice: '9000',
        cardCid: cid(`card${m}`),
      } as EventData<'ModelCreated'>),
    );
  }
  let job = 0;
  while (n < o.events) {
    const model = addr(`model${rand(modelCount)}`);
    const user = addr(`user${rand(userCount)}`);
    const roll = rand(100);
    if (roll < 4) {
      push(
        ev('Subscribed', {
          model,
          user,
          months: 1,
          amount: '5000000',
          creatorShare: '4500000',
          fee: '500000',
          expiresAt: String(1_760_000_000 + n),
          paymentMint: NONE,
          value: '5000000',
          valueSince: String(1_757_408_000 + n),
        } as EventData<'Subscribed'>),
      );
      continue;
    }
    const j = addr(`job${o.seed ?? 1}-${job++}`);
    const escrow = String(1_000 + rand(1_000_000));
    push(
      ev('JobRequested', {
        job: j,
        requester: user,
        model,
        kind: 0,
        mode: 0,
        version: 1,
        weightsCid: cid('weights'),
        inputCid: cid(`in${job}`),
        configCid: null,
        escrow,
        paymentMint: NONE,
        feeBps: 1000,
        deadline: String(1_750_000_600 + Math.floor(n / 8)),
        nonce: String(job),
        createdAt: String(1_750_000_000 + Math.floor(n / 8)),
      } as EventData<'JobRequested'>),
    );
    push(
      ev('JobClaimed', {
        job: j,
        oracle,
        claimedAt: String(1_750_000_000 + Math.floor(n / 8)),
      } as EventData<'JobClaimed'>),
    );
    push(
      ev('ResultSubmitted', {
        job: j,
        oracle,
        resultCid: cid(`out${job}`),
        deliveredAt: String(1_750_000_001 + Math.floor(n / 8)),
      } as EventData<'ResultSubmitted'>),
    );
    const fee = (BigInt(escrow) / 10n).toString();
    push(
      ev('JobSettled', {
        job: j,
        model,
        payee: model,
        payeeShare: (BigInt(escrow) - BigInt(fee)).toString(),
        fee,
        paymentMint: NONE,
        settledAt: String(1_750_000_002 + Math.floor(n / 8)),
      } as EventData<'JobSettled'>),
    );
    if (rand(4) === 0) push(ev('JobRated', { job: j, model, rating: 1 + rand(5) } as EventData<'JobRated'>));
  }
  return { txs: out, events: n };
}
