// job show | dispute | settle | refund | rate | close-job
import type { Address } from '@solana/kit';
import {
  closeJob,
  disputeJob,
  fetchConfigAccount,
  fetchJobAccount,
  rateJob,
  refundExpired,
  settleJob,
} from '../../actions.js';
import { cidToString, rawCid } from '../../cid.js';
import { JobKind, NATIVE_MINT_MARKER } from '../../constants.js';
import type { Job } from '../../generated/accounts/index.js';
import {
  addressArg,
  type Command,
  cidText,
  JOB_KINDS,
  JOB_STATUSES,
  nameOf,
  PAYMENT_MODES,
  positionals,
  txResult,
} from '../command.js';
import { usageError } from '../errors.js';
import type { PrintableObject } from '../output.js';
import { formatAmount, isoTime, parseAddress, parseInteger } from '../units.js';

/** Everything about a job, for a person or a script. */
export function jobView(address: Address, j: Job, disputeWindowSecs?: bigint): PrintableObject {
  const sol = j.paymentMint === NATIVE_MINT_MARKER;
  return {
    job: address,
    kind: nameOf(JOB_KINDS, j.kind),
    status: nameOf(JOB_STATUSES, j.status),
    model: j.model,
    version: j.version,
    requester: j.requester,
    mode: nameOf(PAYMENT_MODES, j.mode),
    escrow: sol ? formatAmount(j.escrow, 9) : j.escrow,
    currency: sol ? 'SOL' : j.paymentMint,
    feeBps: j.feeBps,
    inputCid: cidText(j.inputCid),
    configCid: j.kind === JobKind.Training ? cidText(j.configCid) : undefined,
    weightsCid: cidText(j.weightsCid),
    resultCid: cidText(j.resultCid),
    oracle: j.oracle === NATIVE_MINT_MARKER ? null : j.oracle,
    createdAt: isoTime(j.createdAt),
    deadline: isoTime(j.deadline),
    deliveredAt: isoTime(j.deliveredAt),
    disputeWindowEnds:
      j.deliveredAt !== 0n && disputeWindowSecs !== undefined ? isoTime(j.deliveredAt + disputeWindowSecs) : undefined,
    refundBps: j.refundBps,
    rating: j.rating === 0 ? null : j.rating,
  };
}

export const jobCommands: Command[] = [
  {
    path: ['job', 'show'],
    args: 'JOB',
    summary: 'a job: status, payment, CIDs, deadline, dispute window',
    options: {},
    async run(ctx, input) {
      const job = addressArg(input, 'JOB');
      const j = await fetchJobAccount(ctx.sender, job);
      const cfg = await fetchConfigAccount(ctx.sender, ctx.programOptions).catch(() => undefined);
      return jobView(job, j, cfg?.disputeWindowSecs);
    },
  },
  {
    path: ['dispute'],
    args: 'JOB',
    summary: 'dispute a delivered result within the dispute window (requester)',
    options: { reason: { type: 'string', value: 'TEXT', description: 'why (stored on IPFS; its CID goes on-chain)' } },
    async run(ctx, input) {
      const job = addressArg(input, 'JOB');
      const reason = new TextEncoder().encode(input.values.need('reason'));
      const store = await ctx.store();
      const reasonCid = store ? await store.addBytes(reason, 'dispute-reason') : await rawCid(reason);
      if (!store) ctx.out.warn(`no --ipfs-dir or --kubo-url: pin the reason yourself (${cidToString(reasonCid)})`);
      const sent = await disputeJob(ctx.sender, {
        requester: await ctx.signer(),
        job,
        reasonCid,
        ...ctx.programOptions,
      });
      return { job, status: 'disputed', reasonCid: cidToString(reasonCid), ...txResult(sent) };
    },
  },
  {
    path: ['settle'],
    args: 'JOB',
    summary: 'settle a delivered job after the dispute window (anyone; training publishes the version)',
    options: {},
    async run(ctx, input) {
      const job = addressArg(input, 'JOB');
      const sent = await settleJob(ctx.sender, { payer: await ctx.signer(), job, ...ctx.programOptions });
      const j = await fetchJobAccount(ctx.sender, job);
      return { job, status: nameOf(JOB_STATUSES, j.status), ...txResult(sent) };
    },
  },
  {
    path: ['refund'],
    args: 'JOB',
    summary: 'refund an undelivered job after its deadline, or a dispute unresolved past its resolve-by (anyone)',
    options: {},
    async run(ctx, input) {
      const job = addressArg(input, 'JOB');
      const sent = await refundExpired(ctx.sender, { payer: await ctx.signer(), job, ...ctx.programOptions });
      return { job, status: 'refunded', ...txResult(sent) };
    },
  },
  {
    path: ['rate'],
    args: 'JOB N',
    summary: 'rate a settled job 1 to 5 (requester, once)',
    options: {},
    async run(ctx, input) {
      const [jobText, n] = positionals(input, ['JOB', 'N']);
      const job = parseAddress(jobText ?? '', 'JOB');
      const rating = parseInteger(n ?? '', 'N', 1, 5);
      const sent = await rateJob(ctx.sender, { requester: await ctx.signer(), job, rating, ...ctx.programOptions });
      return { job, rating, ...txResult(sent) };
    },
  },
  {
    path: ['close-job'],
    args: 'JOB',
    summary: 'close a settled or refunded job and take back its rent (requester)',
    options: {},
    async run(ctx, input) {
      const job = addressArg(input, 'JOB');
      if (input.positionals.length !== 1) throw usageError('close-job takes one JOB');
      const sent = await closeJob(ctx.sender, { requester: await ctx.signer(), job, ...ctx.programOptions });
      return { job, closed: true, ...txResult(sent) };
    },
  },
];
