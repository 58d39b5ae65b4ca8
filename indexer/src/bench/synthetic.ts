/**
 * A synthetic program history that looks like a chain, for the benchmark and the tests: raw RPC
 * transactions (one event each, ten a second, four to a 400 ms slot) whose logs hold the events
 * Borsh-encoded exactly as the program logs them. Models keep being created throughout (10% at
 * the start); popular models and users get more of the traffic (Zipf); jobs run their lifecycles
 * in chain time: claimed seconds after the request, delivered seconds later, settled a dispute
 * window after delivery (thousands of transactions, so batches, later), some rated, failed,
 * expired or disputed and resolved; subscriptions, pass purchases, pass and subscription uses and
 * model updates are interleaved with them.
 */
import { createHash } from 'node:crypto';
import { cidFromDigest, cidToString, encodeBase58 } from '@modelmint/sdk';
import type { RawTransaction } from '../ingest/decoder.js';
import type { EventData, EventName, ModelmintEvent } from '../ingest/events.js';
import { logsOf } from './encode.js';
import { Random, Zipf } from './random.js';

const sha = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());
const addresses = new Map<string, string>();
export const addr = (label: string): string => {
  let a = addresses.get(label);
  if (!a) {
    a = encodeBase58(sha(label));
    addresses.set(label, a);
  }
  return a;
};
const signature = (label: string) => encodeBase58(new Uint8Array([...sha(`1${label}`), ...sha(`2${label}`)]));
const cid = (label: string) => cidToString(cidFromDigest(sha(label)));
const NONE = '11111111111111111111111111111111';
const ev = <N extends EventName>(name: N, data: EventData<N>): ModelmintEvent =>
  ({ name, data }) as unknown as ModelmintEvent;

export interface SyntheticOptions {
  programId: string;
  /** At least this many events. */
  events: number;
  /** Models created over the history (10% at its start). */
  models?: number;
  users?: number;
  seed?: number;
  /** The config's dispute window: a delivered job settles this long (plus a little) after delivery. */
  disputeWindowSecs?: number;
}

const TX_PER_SEC = 10;
const TX_PER_SLOT = 4;
const START_TIME = 1_750_000_000;
const FEE_BPS = 1000n;
const INFERENCE_TIMEOUT = 600;
const MODE = { perUse: 0, subscription: 1, pass: 2 } as const;

/** A transaction to send at a chain time; `seq` keeps equal times in scheduling order. */
interface Scheduled {
  at: number;
  seq: number;
  event: () => ModelmintEvent;
}

/** A binary min-heap of scheduled events by (at, seq). */
class Schedule {
  readonly #heap: Scheduled[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  peek(): Scheduled | undefined {
    return this.#heap[0];
  }

  add(at: number, event: () => ModelmintEvent): void {
    const heap = this.#heap;
    heap.push({ at, seq: this.#seq++, event });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  pop(): Scheduled | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.#less(l, m)) m = l;
        if (r < heap.length && this.#less(r, m)) m = r;
        if (m === i) break;
        this.#swap(i, m);
        i = m;
      }
    }
    return top;
  }

  #less(a: number, b: number): boolean {
    const x = this.#heap[a] as Scheduled;
    const y = this.#heap[b] as Scheduled;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  #swap(a: number, b: number): void {
    const heap = this.#heap;
    [heap[a], heap[b]] = [heap[b] as Scheduled, heap[a] as Scheduled];
  }
}

/** A subscription or a pass a user holds (a subscription's uses: unlimited, its unit price 0). */
interface Held {
  model: SimModel;
  user: string;
  uses: number;
  unit: bigint;
}

interface SimModel {
  index: number;
  address: string;
  price: bigint;
  subscriptionPrice: bigint;
  passSize: number;
  passPrice: bigint;
}

/** Generates the history one transaction at a time (`next`); `take(n)` for the first n. */
export class ChainSimulator {
  readonly #o: Required<Omit<SyntheticOptions, 'events'>> & { events: number };
  readonly #r: Random;
  readonly #schedule = new Schedule();
  readonly #models: SimModel[] = [];
  /** Transaction index at which each later model is created, ascending. */
  readonly #creations: number[];
  readonly #userRank: Zipf;
  #modelRank: Zipf | undefined;
  /** Subscriptions and passes with uses left. */
  readonly #access: Held[] = [];
  /** Events that go out before anything scheduled (the history's opening). */
  readonly #pending: (() => ModelmintEvent)[] = [];
  #n = 0;
  #job = 0;
  readonly #oracle = addr('oracle');

  constructor(o: SyntheticOptions) {
    this.#o = {
      models: 2_000,
      users: 20_000,
      seed: 1,
      disputeWindowSecs: 3_600,
      ...o,
    };
    this.#r = new Random(this.#o.seed);
    this.#userRank = new Zipf(this.#o.users, 1);
    const initial = Math.max(1, Math.ceil(this.#o.models / 10));
    const later = this.#o.models - initial;
    // Creations spread over the history; the first `initial` models come right after the config.
    this.#creations = Array.from(
      { length: later },
      () => 2 + initial + this.#r.int(Math.max(1, o.events - 2 - initial)),
    );
    this.#creations.sort((a, b) => b - a); // popped from the end
    this.#pending.push(this.#configEvent(), this.#oracleEvent());
    for (let m = 0; m < initial; m++) this.#pending.push(this.#createModel());
  }

  get time(): number {
    return START_TIME + Math.floor(this.#n / TX_PER_SEC);
  }

  take(count: number): RawTransaction[] {
    return Array.from({ length: count }, () => this.next());
  }

  next(): RawTransaction {
    const event = this.#nextEvent();
    const n = this.#n++;
    return {
      slot: 1_000 + Math.floor(n / TX_PER_SLOT),
      blockTime: START_TIME + Math.floor(n / TX_PER_SEC),
      indexWithinBlock: n % TX_PER_SLOT,
      meta: { err: null, logMessages: logsOf(this.#o.programId, [event]) },
      transaction: { signatures: [signature(`tx${this.#o.seed}-${n}`)], message: { accountKeys: [] } },
    };
  }

  #nextEvent(): ModelmintEvent {
    const opening = this.#pending.shift();
    if (opening) return opening();
    const due = this.#schedule.peek();
    if (due && due.at <= this.time) return (this.#schedule.pop() as Scheduled).event();
    const creation = this.#creations.at(-1);
    if (creation !== undefined && creation <= this.#n) {
      this.#creations.pop();
      return this.#createModel()();
    }
    return this.#arrival();
  }

  #configEvent(): () => ModelmintEvent {
    return () =>
      ev('ConfigUpdated', {
        admin: addr('admin'),
        treasury: addr('treasury'),
        arbiter: addr('arbiter'),
        feeBps: Number(FEE_BPS),
        disputeWindowSecs: String(this.#o.disputeWindowSecs),
        inferenceTimeoutSecs: String(INFERENCE_TIMEOUT),
        trainingTimeoutSecs: '86400',
        paused: false,
        disputeResolutionSecs: '1209600',
      } as EventData<'ConfigUpdated'>);
  }

  #oracleEvent(): () => ModelmintEvent {
    return () =>
      ev('OracleRegistered', {
        oracle: this.#oracle,
        authority: addr('oracle-auth'),
        attestationKey: addr('oracle-att'),
        capabilities: 3,
        active: true,
      } as EventData<'OracleRegistered'>);
  }

  #createModel(): () => ModelmintEvent {
    const m = this.#models.length;
    const model: SimModel = {
      index: m,
      address: addr(`model${m}`),
      price: BigInt(1_000 + this.#r.int(2_000_000)),
      subscriptionPrice: 5_000_000n,
      passSize: 10,
      passPrice: 9_000_000n,
    };
    this.#models.push(model);
    this.#modelRank = undefined;
    return () =>
      ev('ModelCreated', {
        model: model.address,
        assetMint: addr(`asset${m}`),
        creator: addr(`creator${m % 500}`),
        category: m % 3,
        visibility: 0,
        status: 2,
        paymentMint: NONE,
        pricePerUse: String(model.price),
        subscriptionPrice: String(model.subscriptionPrice),
        passSize: model.passSize,
        passPrice: String(model.passPrice),
        cardCid: cid(`card${m}`),
      } as EventData<'ModelCreated'>);
  }

  /** A model by popularity: the older a model, the more it is used. */
  #model(): SimModel {
    this.#modelRank ??= new Zipf(this.#models.length, 1);
    return this.#models[this.#modelRank.draw(this.#r)] as SimModel;
  }

  #user(): string {
    return addr(`user${this.#userRank.draw(this.#r)}`);
  }

  /** Something new happens: mostly a job request, else a subscription, a pass, a model update. */
  #arrival(): ModelmintEvent {
    const kind = this.#r.weighted([
      ['job', 88],
      ['subscribe', 5],
      ['pass', 4],
      ['access job', 2],
      ['update', 1],
    ] as const);
    const now = this.time;
    if (kind === 'subscribe' || kind === 'pass') {
      const model = this.#model();
      const user = this.#user();
      if (kind === 'subscribe') {
        this.#access.push({ model, user, uses: Number.POSITIVE_INFINITY, unit: 0n });
        const fee = (model.subscriptionPrice * FEE_BPS) / 10_000n;
        return ev('Subscribed', {
          model: model.address,
          user,
          months: 1,
          amount: String(model.subscriptionPrice),
          creatorShare: String(model.subscriptionPrice - fee),
          fee: String(fee),
          expiresAt: String(now + 30 * 86_400),
          paymentMint: NONE,
          value: String(model.subscriptionPrice),
          valueSince: String(now),
        } as EventData<'Subscribed'>);
      }
      const unit = model.passPrice / BigInt(model.passSize);
      this.#access.push({ model, user, uses: model.passSize, unit });
      return ev('PassBought', {
        model: model.address,
        user,
        uses: model.passSize,
        amount: String(model.passPrice),
        unitPrice: String(unit),
        paymentMint: NONE,
      } as EventData<'PassBought'>);
    }
    if (kind === 'update') {
      const model = this.#model();
      model.price = BigInt(1_000 + this.#r.int(2_000_000));
      return ev('ModelUpdated', {
        model: model.address,
        owner: addr(`creator${model.index % 500}`),
        visibility: 0,
        status: 2,
        pricePerUse: String(model.price),
        subscriptionPrice: String(model.subscriptionPrice),
        passSize: model.passSize,
        passPrice: String(model.passPrice),
        cardCid: cid(`card${model.index}`),
        currentVersion: 0,
      } as EventData<'ModelUpdated'>);
    }
    // A use through a subscription or a pass the user holds, else a per-use payment.
    if (kind === 'access job' && this.#access.length > 0) {
      const i = this.#r.int(this.#access.length);
      const held = this.#access[i] as Held;
      held.uses -= 1;
      // A used-up pass leaves the list (the last entry takes its place).
      if (held.uses <= 0) {
        this.#access[i] = this.#access.at(-1) as Held;
        this.#access.pop();
      }
      const mode = held.unit === 0n ? MODE.subscription : MODE.pass;
      return this.#request(held.model, held.user, mode, held.unit);
    }
    const model = this.#model();
    return this.#request(model, this.#user(), MODE.perUse, model.price);
  }

  /** A job request, with the rest of its lifecycle scheduled in chain time. */
  #request(model: SimModel, user: string, mode: number, escrow: bigint): ModelmintEvent {
    const job = addr(`job${this.#o.seed}-${this.#job}`);
    const nonce = this.#job++;
    const now = this.time;
    const r = this.#r;
    const fate = r.weighted([
      ['settled', 92],
      ['failed', 4],
      ['disputed', 2],
      ['expired', 2],
    ] as const);
    const oracle = this.#oracle;
    const fee = (escrow * FEE_BPS) / 10_000n;
    if (fate === 'expired') {
      this.#schedule.add(now + INFERENCE_TIMEOUT + 1 + r.int(300), () =>
        ev('JobExpired', { job, refund: String(escrow) } as EventData<'JobExpired'>),
      );
    } else {
      const claimedAt = now + 1 + r.int(5);
      this.#schedule.add(claimedAt, () =>
        ev('JobClaimed', { job, oracle, claimedAt: String(claimedAt) } as EventData<'JobClaimed'>),
      );
      const deliveredAt = claimedAt + 2 + r.int(30);
      if (fate === 'failed') {
        this.#schedule.add(deliveredAt, () =>
          ev('JobFailed', { job, oracle, reasonCode: 1 + r.int(4), refund: String(escrow) } as EventData<'JobFailed'>),
        );
      } else {
        this.#schedule.add(deliveredAt, () =>
          ev('ResultSubmitted', {
            job,
            oracle,
            resultCid: cid(`out${nonce}`),
            deliveredAt: String(deliveredAt),
          } as EventData<'ResultSubmitted'>),
        );
        const window = this.#o.disputeWindowSecs;
        if (fate === 'disputed') {
          const disputedAt = deliveredAt + 1 + r.int(Math.max(1, window - 1));
          this.#schedule.add(disputedAt, () =>
            ev('JobDisputed', { job, requester: user, reasonCid: cid(`why${nonce}`) } as EventData<'JobDisputed'>),
          );
          const refundBps = BigInt(r.int(10_001));
          const refund = (escrow * refundBps) / 10_000n;
          const rest = escrow - refund;
          const restFee = (rest * FEE_BPS) / 10_000n;
          this.#schedule.add(disputedAt + 600 + r.int(3_000), () =>
            ev('DisputeResolved', {
              job,
              arbiter: addr('arbiter'),
              refundBps: Number(refundBps),
              refund: String(refund),
              payeeShare: String(rest - restFee),
              fee: String(restFee),
            } as EventData<'DisputeResolved'>),
          );
        } else {
          const settledAt = deliveredAt + window + r.int(600);
          this.#schedule.add(settledAt, () =>
            ev('JobSettled', {
              job,
              model: model.address,
              payee: model.address,
              payeeShare: String(escrow - fee),
              fee: String(fee),
              paymentMint: NONE,
              settledAt: String(settledAt),
            } as EventData<'JobSettled'>),
          );
        }
        if (r.chance(0.25)) {
          this.#schedule.add(deliveredAt + 1 + r.int(2 * window), () =>
            ev('JobRated', { job, model: model.address, rating: 1 + r.int(5) } as EventData<'JobRated'>),
          );
        }
      }
    }
    return ev('JobRequested', {
      job,
      requester: user,
      model: model.address,
      kind: 0,
      mode,
      version: 1,
      weightsCid: cid('weights'),
      inputCid: cid(`in${nonce}`),
      configCid: null,
      escrow: String(escrow),
      paymentMint: NONE,
      feeBps: Number(FEE_BPS),
      deadline: String(now + INFERENCE_TIMEOUT),
      nonce: String(nonce),
      createdAt: String(now),
    } as EventData<'JobRequested'>);
  }
}

/** Raw transactions (one event each, four to a slot), oldest first. */
export function syntheticHistory(o: SyntheticOptions): { txs: RawTransaction[]; events: number } {
  const txs = new ChainSimulator(o).take(o.events);
  return { txs, events: txs.length };
}
