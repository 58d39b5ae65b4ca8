// The fuzz driver's invariants (DESIGN.md money rules): what every transaction must
// conserve, what its events imply for the tracked state, and the periodic sweep.
import {
  type EventDataMap,
  generated,
  JobKind,
  JobStatus,
  type ModelmintEvent,
  ModelStatus,
  PaymentMode,
  parseEvents,
} from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { type Snapshot, type TxRecord, totalLamports } from './ledger-sender.js';
import { onRevoked, onSubscriptionCancelled } from './refund-checks.js';
import { bps, DriverState, type FuzzJob, type FuzzModel, feeOf, InvariantError, u64 } from './state.js';
import { ataFor, registryLamports, registryTokens, type Wallet } from './world.js';

/** The invariants, checked after every operation (driver.ts) and in periodic sweeps. */
export class CheckedState extends DriverState {
  readEscrowed(): Map<Address, bigint> {
    const out = new Map<Address, bigint>();
    for (const m of this.models) {
      if (m.currency.kind !== 'sol') out.set(m.address, this.escrowedOf(m));
    }
    return out;
  }

  // ---------------------------------------------------------------- checks

  /** (a) lamports over the transaction's accounts fall by exactly the fee; (b) tokens per mint follow supply. */
  checkConservation(rec: TxRecord): void {
    const delta = totalLamports(rec.after) - totalLamports(rec.before);
    this.eq(delta, -rec.fee, `lamports over the transaction's ${rec.keys.length} accounts change by the fee`);
    const byMint = new Map<Address, bigint>();
    const add = (s: Snapshot, sign: bigint) => {
      for (const t of s.tokens.values()) byMint.set(t.mint, (byMint.get(t.mint) ?? 0n) + sign * t.amount);
    };
    add(rec.after, 1n);
    add(rec.before, -1n);
    for (const [mint, d] of byMint) {
      const supply = (rec.after.supplies.get(mint) ?? 0n) - (rec.before.supplies.get(mint) ?? 0n);
      this.eq(d, supply, `tokens of mint ${mint} change only with its supply`);
    }
  }

  /** A refused transaction changes nothing but the fee payer's fee. */
  checkUnchanged(rec: TxRecord): void {
    for (const k of rec.keys) {
      const expected = (rec.before.lamports.get(k) ?? 0n) - (k === rec.feePayer ? rec.fee : 0n);
      this.eq(rec.after.lamports.get(k) ?? 0n, expected, `refused transaction leaves ${k}'s lamports`);
      this.eq(rec.after.tokens.get(k)?.amount ?? 0n, rec.before.tokens.get(k)?.amount ?? 0n, `refused: tokens of ${k}`);
    }
  }

  /** Lamports of `k` the transaction moved, fee excluded. */
  net(rec: TxRecord, k: Address): bigint {
    return (rec.after.lamports.get(k) ?? 0n) - (rec.before.lamports.get(k) ?? 0n) + (k === rec.feePayer ? rec.fee : 0n);
  }

  tokenDelta(rec: TxRecord, k: Address): bigint {
    return (rec.after.tokens.get(k)?.amount ?? 0n) - (rec.before.tokens.get(k)?.amount ?? 0n);
  }

  findModel(address: Address): FuzzModel {
    const m = this.models.find((x) => x.address === address);
    if (!m) throw new InvariantError(`event names unknown model ${address}`);
    return m;
  }

  findJob(address: Address): FuzzJob {
    const j = this.jobByAddress.get(address);
    if (!j) throw new InvariantError(`event names unknown job ${address}`);
    return j;
  }

  walletOf(address: Address): Wallet {
    const x = this.w.wallets.find((v) => v.signer.address === address);
    if (!x) throw new InvariantError(`unknown wallet ${address}`);
    return x;
  }

  treasuryKey(m: FuzzModel): string {
    return m.currency.mint ?? 'sol';
  }

  creditTreasury(m: FuzzModel, fee: bigint): void {
    const k = this.treasuryKey(m);
    this.treasuryIn.set(k, (this.treasuryIn.get(k) ?? 0n) + fee);
  }

  escrowedDelta(m: FuzzModel): bigint {
    return this.escrowedOf(m) - (this.escrowedBefore.get(m.address) ?? 0n);
  }

  /** Every money event checked against the job, the fee rule and the balance deltas. */
  applyEvents(rec: TxRecord, events: ModelmintEvent[]): void {
    for (const e of events) {
      switch (e.name) {
        case 'ModelCreated':
          break;
        case 'JobRequested':
          this.onRequested(rec, e.data);
          break;
        case 'JobClaimed':
          this.findJob(e.data.job).status = JobStatus.Claimed;
          this.noMoney(rec);
          break;
        case 'ResultSubmitted':
          this.findJob(e.data.job).status = JobStatus.Delivered;
          this.findJob(e.data.job).deliveredAt = e.data.deliveredAt;
          this.noMoney(rec);
          break;
        case 'JobDisputed': {
          const j = this.findJob(e.data.job);
          j.status = JobStatus.Disputed;
          j.resolveBy = e.data.resolveBy;
          this.eq(e.data.resolveBy, this.w.svm.getClock().unixTimestamp + RESOLUTION, 'resolve_by = now + 14 days');
          this.noMoney(rec);
          break;
        }
        case 'JobRated':
          this.noMoney(rec);
          break;
        case 'JobSettled':
          this.onFinished(rec, e.data.job, JobStatus.Settled, {
            refund: 0n,
            payee: e.data.payeeShare,
            fee: e.data.fee,
          });
          this.check(e.data.payee === this.payeeOf(this.findJob(e.data.job)), () => 'JobSettled.payee');
          break;
        case 'DisputeResolved': {
          const j = this.findJob(e.data.job);
          this.eq(e.data.refund, bps(j.escrow, BigInt(e.data.refundBps)), 'resolve: refund = floor(escrow × bps)');
          this.onFinished(rec, e.data.job, JobStatus.Settled, {
            refund: e.data.refund,
            payee: e.data.payeeShare,
            fee: e.data.fee,
          });
          break;
        }
        case 'JobExpired':
          this.onFinished(rec, e.data.job, JobStatus.Refunded, { refund: e.data.refund, payee: 0n, fee: 0n });
          break;
        case 'JobFailed':
          this.onFinished(rec, e.data.job, JobStatus.Refunded, { refund: e.data.refund, payee: 0n, fee: 0n });
          break;
        case 'Subscribed':
          this.onSubscribed(rec, e.data);
          break;
        case 'PassBought':
          this.onPassBought(rec, e.data);
          break;
        case 'PassClosed':
          this.onPassRefund(rec, e.data.model, e.data.user, e.data.refund, true);
          break;
        case 'AccessRevoked':
          onRevoked(this, rec, e.data);
          break;
        case 'SubscriptionCancelled':
          onSubscriptionCancelled(this, rec, e.data);
          break;
        case 'FeesWithdrawn':
          this.onFeesWithdrawn(rec, e.data);
          break;
        case 'RevenueWithdrawn':
          this.onWithdrawn(rec, e.data);
          break;
        case 'VersionPublished':
        case 'ModelUpdated':
        case 'AccessGranted':
        case 'ConfigUpdated':
        case 'OracleUpdated':
        case 'OracleRegistered':
        case 'VersionYanked':
        case 'TrustedMintSet':
          break;
      }
    }
  }

  /** Claim, submit, dispute, rate: no lamport or token moves. */
  noMoney(rec: TxRecord): void {
    for (const k of rec.keys) {
      this.eq(this.net(rec, k), 0n, `no lamports move for ${k}`);
      this.eq(this.tokenDelta(rec, k), 0n, `no tokens move for ${k}`);
    }
  }

  onRequested(rec: TxRecord, d: EventDataMap['JobRequested']): void {
    const m = this.findModel(d.model);
    const acc = this.jobAccount(d.job);
    this.eq(acc.escrow, d.escrow, 'job escrow = JobRequested.escrow');
    const job: FuzzJob = {
      address: d.job,
      requester: this.walletOf(d.requester),
      model: m,
      kind: d.kind,
      mode: d.mode,
      escrow: d.escrow,
      status: JobStatus.Open,
      deadline: d.deadline,
      deliveredAt: 0n,
      resolveBy: 0n,
    };
    this.jobs.push(job);
    this.jobByAddress.set(d.job, job);
    if (d.mode === PaymentMode.Pass) this.checkPassUse(rec, d);
    const jobRent = this.rent(this.data(d.job).length);
    this.eq(rec.before.lamports.get(d.job) ?? 0n, 0n, 'a new job address was empty');
    if (m.currency.kind === 'sol') {
      this.eq(rec.after.lamports.get(d.job) ?? 0n, jobRent + d.escrow, 'SOL job holds rent + escrow');
      const paid = d.mode === PaymentMode.Pass ? jobRent : jobRent + d.escrow;
      this.eq(this.net(rec, d.requester), -paid, 'requester pays rent (+ escrow unless pass)');
    } else {
      this.eq(rec.after.lamports.get(d.job) ?? 0n, jobRent, 'SPL job holds rent only');
      const fromWallet = d.mode === PaymentMode.Pass ? 0n : d.escrow;
      const userToken = [...rec.after.tokens].find(([, t]) => t.owner === d.requester && t.mint === m.currency.mint);
      if (fromWallet > 0n) {
        this.check(userToken !== undefined, () => 'SPL request names the requester token account');
        if (userToken) this.eq(this.tokenDelta(rec, userToken[0]), -fromWallet, 'requester tokens into escrow');
      }
      this.eq(this.escrowedDelta(m), fromWallet, 'model.escrowed grows by the new escrow');
    }
  }

  /** A pass use releases exactly its share: what stays is floor(price × uses left / size), and no use is free. */
  checkPassUse(rec: TxRecord, d: EventDataMap['JobRequested']): void {
    const pass = rec.keys.find((k) => this.passes.get(k) === d.model);
    this.check(pass !== undefined, () => 'a pass use names a known pass');
    if (!pass) return;
    const p = generated.getPassDecoder().decode(this.data(pass));
    if (p.size === 0) return;
    this.eq(p.balance, (p.price * BigInt(p.usesLeft)) / BigInt(p.size), 'pass holds floor(price × left / size)');
    this.check(d.escrow >= 1n, () => 'a pass use is never free');
  }

  payeeOf(j: FuzzJob): Address | undefined {
    return j.kind === JobKind.Training ? j.oracle?.authority.address : j.model.address;
  }

  onFinished(
    rec: TxRecord,
    jobAddress: Address,
    status: number,
    o: { refund: bigint; payee: bigint; fee: bigint },
  ): void {
    const j = this.findJob(jobAddress);
    this.check(!this.finished.has(jobAddress), () => `job ${jobAddress} finished twice`);
    this.finished.add(jobAddress);
    const acc = this.jobAccount(jobAddress);
    const m = j.model;
    // (c) refund + payee share + fee = escrow, and the fee rule.
    this.eq(o.refund + o.payee + o.fee, j.escrow, 'refund + payee share + fee = escrow');
    this.eq(o.fee, feeOf(j.escrow - o.refund, BigInt(acc.feeBps)), 'fee = ceil((escrow - refund) × fee_bps / 10 000)');
    if (j.escrow - o.refund > 0n && acc.feeBps > 0) this.check(o.fee > 0n, () => 'a nonzero payment pays a fee');
    const refunded = status === JobStatus.Refunded;
    if (refunded) this.eq(o.refund, j.escrow, 'a refund returns the whole escrow');
    this.eq(acc.status, status, 'job status after finishing');
    j.status = acc.status;
    const training = j.kind === JobKind.Training;
    const payee = this.payeeOf(j);
    const treasury = this.w.treasury.address;
    if (m.currency.kind === 'sol') {
      const jobRent = this.rent(this.data(jobAddress).length);
      this.eq(rec.after.lamports.get(jobAddress) ?? 0n, jobRent, 'finished SOL job keeps only its rent');
      this.eq(this.net(rec, jobAddress), -j.escrow, 'SOL escrow leaves the job');
      // A training settlement's payer funds the new ModelVersion account.
      const created = rec.keys.reduce(
        (n, k) => ((rec.before.lamports.get(k) ?? 0n) === 0n ? n + (rec.after.lamports.get(k) ?? 0n) : n),
        0n,
      );
      const requesterPaid = j.requester.signer.address === rec.feePayer ? created : 0n;
      this.eq(this.net(rec, j.requester.signer.address), o.refund - requesterPaid, 'requester receives the refund');
      // SOL fees accrue in the fee vault, never in a wallet.
      if (o.fee > 0n || rec.keys.includes(this.feeVault))
        this.eq(this.net(rec, this.feeVault), o.fee, 'the fee vault receives the fee');
      if (!refunded && payee) this.eq(this.net(rec, payee), o.payee, 'payee receives its share');
    } else {
      const tokenOf = (owner: Address) =>
        [...rec.after.tokens].find(([, t]) => t.owner === owner && t.mint === m.currency.mint)?.[0];
      const requesterToken = tokenOf(j.requester.signer.address);
      if (o.refund > 0n) {
        this.check(requesterToken !== undefined, () => 'refund names the requester token account');
      }
      if (requesterToken) this.eq(this.tokenDelta(rec, requesterToken), o.refund, 'requester tokens refunded');
      const treasuryToken = tokenOf(treasury);
      if (treasuryToken) this.eq(this.tokenDelta(rec, treasuryToken), o.fee, 'treasury tokens = fee');
      else this.eq(o.fee, 0n, 'a fee needs the treasury token account');
      let outOfVault = o.refund + o.fee;
      if (training && payee && o.payee > 0n) {
        const payeeToken = tokenOf(payee);
        this.check(payeeToken !== undefined, () => 'training payout names the oracle token account');
        if (payeeToken) this.eq(this.tokenDelta(rec, payeeToken), o.payee, 'oracle tokens = payee share');
        outOfVault += o.payee;
      }
      const [vault] = vaultOf(rec, m);
      if (vault) this.eq(this.tokenDelta(rec, vault), -outOfVault, 'vault pays refund + fee (+ training payee)');
      this.eq(this.escrowedDelta(m), -j.escrow, 'model.escrowed releases the whole escrow');
    }
    if (!refunded) this.creditTreasury(m, o.fee);
    if (!training) m.revenue += o.payee;
  }

  onSubscribed(rec: TxRecord, d: EventDataMap['Subscribed']): void {
    const m = this.findModel(d.model);
    this.eq(d.creatorShare + d.fee, d.amount, 'subscription: creator share + fee = amount');
    this.eq(d.fee, feeOf(d.amount, this.feeBps), 'subscription fee = ceil(amount × fee_bps)');
    const carried = this.expectedCarriedValue;
    this.check(carried !== undefined, () => 'subscribe read the subscription before');
    this.eq(d.value, (carried ?? 0n) + d.amount, 'subscription value = unused value carried over + price');
    this.eq(d.valueSince, this.w.svm.getClock().unixTimestamp, 'subscription value counts from now');
    const treasury = this.w.treasury.address;
    if (m.currency.kind === 'sol') {
      this.eq(this.net(rec, m.address), d.creatorShare, 'model receives the creator share');
      this.eq(this.net(rec, this.feeVault), d.fee, 'the fee vault receives the fee');
    } else {
      const [vault] = vaultOf(rec, m);
      this.eq(vault ? this.tokenDelta(rec, vault) : -1n, d.creatorShare, 'vault receives the creator share');
      const t = [...rec.after.tokens].find(([, x]) => x.owner === treasury)?.[0];
      this.eq(t ? this.tokenDelta(rec, t) : -1n, d.fee, 'treasury tokens = fee');
      this.eq(this.escrowedDelta(m), 0n, 'subscriptions are never escrowed');
    }
    m.revenue += d.creatorShare;
    this.creditTreasury(m, d.fee);
  }

  onPassBought(rec: TxRecord, d: EventDataMap['PassBought']): void {
    const m = this.findModel(d.model);
    this.eq(d.unitPrice, d.uses === 0 ? 0n : d.amount / BigInt(d.uses), 'pass unit = floor(price / size)');
    if (m.currency.kind === 'sol') {
      const [pass] = [...this.passes.keys()].filter((p) => rec.keys.includes(p));
      const created = (rec.before.lamports.get(pass ?? d.user) ?? 0n) === 0n ? this.rent(PASS_SIZE) : 0n;
      this.check(pass !== undefined, () => 'buy_pass names a known pass');
      if (pass) this.eq(this.net(rec, pass), d.amount + created, 'SOL pass receives the price (+ rent when created)');
      this.eq(this.net(rec, d.user), -(d.amount + created), 'buyer pays the price (+ rent)');
    } else {
      const [vault] = vaultOf(rec, m);
      this.eq(vault ? this.tokenDelta(rec, vault) : -1n, d.amount, 'vault receives the pass price');
      this.eq(this.escrowedDelta(m), d.amount, 'pass price is escrowed');
    }
  }

  /** A pass refund by close_pass (revoke_access: refund-checks.ts). */
  onPassRefund(rec: TxRecord, model: Address, user: Address, refund: bigint, closedByUser: boolean): void {
    const m = this.findModel(model);
    const passClosed = rec.keys.some(
      (k) => (rec.before.lamports.get(k) ?? 0n) > 0n && rec.after.lamports.get(k) === 0n && k !== user,
    );
    if (m.currency.kind === 'sol') {
      // The pass sweeps balance and rent to the user; a revoke also closes the grant to the holder.
      const closed = rec.keys.filter(
        (k) => (rec.before.lamports.get(k) ?? 0n) > 0n && rec.after.lamports.get(k) === 0n,
      );
      let fromPass = 0n;
      for (const k of closed) {
        if (this.isPassAccount(k)) fromPass = rec.before.lamports.get(k) ?? 0n;
      }
      if (fromPass > 0n) {
        const passRent = this.rent(PASS_SIZE);
        this.eq(fromPass - passRent, refund, 'pass lamports above rent = refund');
        if (user !== rec.feePayer) this.eq(this.net(rec, user), fromPass, 'user receives refund + pass rent');
      } else {
        this.eq(refund, 0n, 'no pass, no refund');
      }
    } else {
      const t = [...rec.after.tokens].find(([, x]) => x.owner === user && x.mint === m.currency.mint)?.[0];
      if (refund > 0n) this.eq(t ? this.tokenDelta(rec, t) : -1n, refund, 'user tokens = pass refund');
      this.eq(this.escrowedDelta(m), -refund, 'escrow releases the pass refund');
    }
    if (closedByUser) this.check(passClosed, () => 'close_pass closes the pass');
  }

  isPassAccount(k: Address): boolean {
    return this.passes.has(k);
  }

  /** Every pass address bought, with its model. */
  readonly passes = new Map<Address, Address>();
  private passRentValue: bigint | undefined;

  get passRent(): bigint {
    this.passRentValue ??= this.rent(PASS_SIZE);
    return this.passRentValue;
  }

  onWithdrawn(rec: TxRecord, d: EventDataMap['RevenueWithdrawn']): void {
    const m = this.findModel(d.model);
    this.eq(d.amount, m.revenue, 'withdrawal = revenue (creator shares in, minus withdrawals)');
    this.check(d.owner === m.holder.signer.address, () => 'only the asset holder withdraws');
    if (m.currency.kind === 'sol') {
      this.eq(this.net(rec, d.owner), d.amount, 'holder receives the revenue');
      this.eq(rec.after.lamports.get(m.address) ?? 0n, m.rent, 'model keeps only its rent');
    } else {
      const t = [...rec.after.tokens].find(([, x]) => x.owner === d.owner && x.mint === m.currency.mint)?.[0];
      this.eq(t ? this.tokenDelta(rec, t) : -1n, d.amount, 'holder tokens = revenue');
      const [vault] = vaultOf(rec, m);
      const after = vault ? (rec.after.tokens.get(vault)?.amount ?? -1n) : -1n;
      this.eq(after, this.escrowedOf(m), 'withdraw leaves exactly the escrow in the vault');
      this.eq(this.escrowedDelta(m), 0n, 'withdraw never takes escrow');
    }
    m.revenue = 0n;
  }

  /** Every model: revenue ledger, escrow ledger; (d) vault >= escrowed. */
  checkModels(): void {
    const openEscrow = new Map<Address, bigint>();
    for (const j of this.jobs) {
      if (j.status === JobStatus.Settled || j.status === JobStatus.Refunded) continue;
      openEscrow.set(j.model.address, (openEscrow.get(j.model.address) ?? 0n) + j.escrow);
    }
    for (const m of this.models) {
      const passBalances = this.passBalances(m);
      if (m.currency.kind === 'sol') {
        const held = (this.w.svm.getBalance(m.address) ?? 0n) - m.rent;
        this.eq(held, m.revenue, `SOL model ${m.address} holds exactly its revenue above rent`);
      } else {
        const acc = { escrowed: this.escrowedOf(m) };
        const held = this.tokenAmount(m.vault);
        this.check(held >= acc.escrowed, () => `vault ${held} >= escrowed ${acc.escrowed}`);
        this.eq(acc.escrowed, (openEscrow.get(m.address) ?? 0n) + passBalances, 'escrowed = open jobs + passes');
        this.eq(held - acc.escrowed, m.revenue, 'vault above escrow = revenue');
      }
    }
    // Fee ledger: every SOL fee the events report is in the fee vault, less what the treasury withdrew.
    this.eq(
      (this.w.svm.getBalance(this.feeVault) ?? 0n) - this.rent(FEE_VAULT_SIZE),
      this.treasuryIn.get('sol') ?? 0n,
      'SOL fee vault above rent = fees accrued - withdrawn',
    );
    // A model is marked training only while one of its training jobs is open.
    for (const m of this.models) {
      if (this.modelAccount(m).status !== ModelStatus.Training) continue;
      const open = this.jobs.some(
        (j) =>
          j.model === m &&
          j.kind === JobKind.Training &&
          j.status !== JobStatus.Settled &&
          j.status !== JobStatus.Refunded,
      );
      this.check(open, () => `model ${m.address} is training without an open training job`);
    }
  }

  /** `withdraw_fees`: the treasury takes exactly the accrued SOL fees. */
  onFeesWithdrawn(rec: TxRecord, d: EventDataMap['FeesWithdrawn']): void {
    this.check(d.treasury === this.w.treasury.address, () => 'only the treasury withdraws fees');
    this.eq(d.amount, this.treasuryIn.get('sol') ?? 0n, 'fees withdrawn = SOL fees accrued');
    this.eq(this.net(rec, d.treasury), d.amount, 'the treasury receives the fees');
    this.eq(this.net(rec, this.feeVault), -d.amount, 'the fee vault pays them');
    this.treasuryIn.set('sol', 0n);
  }

  passBalances(m: FuzzModel): bigint {
    let sum = 0n;
    for (const [p, model] of this.passes) {
      if (model !== m.address) continue;
      const acc = this.w.svm.getAccount(p);
      if (!acc.exists || acc.data.length !== PASS_SIZE) continue;
      const balance = u64(acc.data, PASS_BALANCE_AT);
      sum += balance;
      if (m.currency.kind === 'sol') {
        this.eq(acc.lamports - this.passRent, balance, 'SOL pass holds its balance above rent');
      }
    }
    return sum;
  }

  escrowedOf(m: FuzzModel): bigint {
    return u64(this.data(m.address), MODEL_ESCROWED_AT);
  }

  /** The raw offsets agree with the SDK's decoders. */
  checkOffsets(): void {
    for (const m of this.models) {
      this.eq(this.escrowedOf(m), this.modelAccount(m).escrowed, 'Model.escrowed offset');
    }
    for (const p of this.passes.keys()) {
      const acc = this.w.svm.getAccount(p);
      if (!acc.exists) continue;
      this.eq(
        u64(acc.data, PASS_BALANCE_AT),
        generated.getPassDecoder().decode(acc.data).balance,
        'Pass.balance offset',
      );
    }
  }

  tokenAmount(account: Address): bigint {
    const acc = this.w.svm.getAccount(account);
    if (!acc.exists) return 0n;
    return new DataView(acc.data.buffer, acc.data.byteOffset).getBigUint64(64, true);
  }

  /** (a) over the whole registry, every operation. */
  checkRegistryLamports(): void {
    this.eq(
      registryLamports(this.w),
      this.w.expectedLamports - this.w.sender.fees,
      'lamports over every tracked account',
    );
  }

  /** Everything: job statuses and escrows against the chain, tokens per mint over the registry. */
  async sweep(): Promise<void> {
    this.checkRegistryLamports();
    this.checkOffsets();
    for (const j of this.jobs) {
      const acc = this.jobAccount(j.address);
      this.eq(acc.status, j.status, `job ${j.address} status follows its events`);
      this.eq(acc.escrow, j.escrow, 'job escrow unchanged');
      if (j.model.currency.kind === 'sol') {
        const open = j.status !== JobStatus.Settled && j.status !== JobStatus.Refunded;
        const held = (this.w.svm.getBalance(j.address) ?? 0n) - this.rent(this.data(j.address).length);
        this.eq(held, open ? j.escrow : 0n, 'SOL job holds its escrow until it finishes');
      }
    }
    const { sums, supplies } = registryTokens(this.w);
    for (const [mint, supply] of supplies) {
      this.eq(sums.get(mint) ?? 0n, supply, `tokens of ${mint} over every tracked account = supply`);
    }
    for (const c of this.w.currencies) {
      if (!c.mint) continue;
      const t = await ataFor(this.w.treasury.address, c);
      this.eq(this.tokenAmount(t), this.treasuryIn.get(c.mint) ?? 0n, `treasury ${c.kind} tokens = fees`);
    }
    this.checkModels();
  }
}

/** Bytes of a `Pass` account. */
const PASS_SIZE = generated.getPassSize();
/** Bytes of the `FeeVault` account. */
const FEE_VAULT_SIZE = generated.getFeeVaultSize();
/** The config's dispute resolution time (the default), seconds. */
const RESOLUTION = 14n * 86_400n;

/** Byte offsets read directly (decoding whole accounts dominated the run time); the sweep checks them against the decoders. */
const MODEL_ESCROWED_AT = 246;
const PASS_BALANCE_AT = 85;

function vaultOf(rec: TxRecord, m: FuzzModel): [Address | undefined] {
  const v = [...rec.after.tokens].find(([, t]) => t.owner === m.address)?.[0];
  return [v];
}

export function eventsOf<N extends ModelmintEvent['name']>(rec: TxRecord, name: N): EventDataMap[N][] {
  return parseEvents(rec.logs)
    .filter((e) => e.name === name)
    .map((e) => e.data as EventDataMap[N]);
}
