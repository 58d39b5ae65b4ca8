// subscribe | subscription cancel | pass buy | pass close | generate
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { Address } from '@solana/kit';
import {
  buyPass,
  cancelSubscription,
  closePass,
  fetchModelAccount,
  requestGeneration,
  subscribe,
} from '../../actions.js';
import { cidDigest, cidToString, RAW_CODEC, rawCid } from '../../cid.js';
import { Category, JobStatus, PaymentMode } from '../../constants.js';
import { eventsNamed, parseEvents } from '../../events.js';
import { getPassDecoder, getSubscriptionDecoder } from '../../generated/accounts/index.js';
import { findPassAddress, findSubscriptionAddress } from '../../pdas.js';
import { addressArg, type Command, choice, currencyOf, JOB_STATUSES, money, nameOf, txResult } from '../command.js';
import type { Context } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { waitForJob } from '../follow.js';
import { CHUNK_SIZE } from '../ipfs.js';
import type { PrintableObject } from '../output.js';
import { formatAmount, isoTime, parseAmount, parseInteger } from '../units.js';

const MODES = ['per-use', 'subscription', 'pass'] as const;
/** Largest result the CLI downloads. */
const MAX_RESULT_BYTES = 16 * 1024 * 1024;

/** The bytes a generation request carries, per category (gpu-oracle/README.md "Input formats"). */
async function inputBytes(
  category: number,
  o: { prompt?: string; input?: string; seed?: number },
): Promise<Uint8Array> {
  if (o.prompt !== undefined && o.input !== undefined) throw usageError('give --prompt or --input, not both');
  if (o.input !== undefined) {
    if (o.seed !== undefined) throw usageError('--seed goes inside the --input file');
    try {
      return new Uint8Array(await readFile(o.input));
    } catch (e) {
      throw new CliError('FileNotFound', `cannot read ${o.input}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  const seed = o.seed === undefined ? {} : { seed: o.seed };
  if (category === Category.Caption) {
    if (o.prompt === undefined) throw usageError('caption models need --prompt TEXT or --input FILE');
    return new TextEncoder().encode(JSON.stringify({ prompt: o.prompt, ...seed }));
  }
  if (category === Category.Style) throw usageError('style models need --input IMAGE (or a JSON request)');
  if (o.prompt !== undefined)
    throw usageError('generate models take no prompt: give --input FILE (JSON: steps, seed) or nothing');
  return new TextEncoder().encode(JSON.stringify(seed));
}

/** Fetches a result: the content store, else an HTTP gateway (raw CIDs checked against their digest). */
async function fetchResult(
  ctx: Context,
  cid: Uint8Array,
  gateway: string | undefined,
): Promise<Uint8Array | undefined> {
  const store = await ctx.store();
  if (store) {
    try {
      return await store.cat(cid, MAX_RESULT_BYTES);
    } catch (e) {
      ctx.out.warn(`result ${cidToString(cid)} not in ${store.description}: ${(e as Error).message}`);
    }
  }
  if (gateway) {
    const res = await fetch(`${gateway.replace(/\/$/, '')}/ipfs/${cidToString(cid)}?format=raw`).catch(() => undefined);
    if (res?.ok) {
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (cid[1] === RAW_CODEC) {
        const digest = createHash('sha256').update(bytes).digest();
        if (!Buffer.from(cidDigest(cid)).equals(digest)) {
          throw new CliError('ResultMismatch', `the gateway's bytes do not hash to ${cidToString(cid)}`);
        }
      }
      return bytes;
    }
    ctx.out.warn(`gateway ${gateway} could not serve ${cidToString(cid)}`);
  }
  return undefined;
}

export const consumerCommands: Command[] = [
  {
    path: ['subscribe'],
    args: 'ADDRESS',
    summary: 'subscribe to a model for N months of 30 days (renewals extend)',
    options: {
      months: { type: 'string', value: 'N', description: 'months to buy (default 1)' },
      'max-price': {
        type: 'string',
        value: 'AMOUNT',
        description: 'refuse if the total is above (default: the current price)',
      },
    },
    async run(ctx, input) {
      const model = addressArg(input, 'ADDRESS (the model)');
      const months = parseInteger(input.values.str('months') ?? '1', '--months', 1, 255);
      const [user, m] = await Promise.all([ctx.signer(), fetchModelAccount(ctx.sender, model)]);
      const c = currencyOf(m);
      const maxText = input.values.str('max-price');
      const maxPrice = maxText === undefined ? undefined : parseAmount(maxText, c.decimals, '--max-price');
      ctx.out.info(`subscribing for ${months} month(s) at ${money(m.subscriptionPrice * BigInt(months), c)}`);
      const sent = await subscribe(ctx.sender, { user, model, months, maxPrice, ...ctx.programOptions });
      const [sub] = await findSubscriptionAddress({ model, user: user.address, ...ctx.programOptions });
      const data = await ctx.sender.getAccountData(sub);
      const expiresAt = data ? getSubscriptionDecoder().decode(data).expiresAt : 0n;
      return {
        model,
        subscription: sub,
        months,
        paid: formatAmount(m.subscriptionPrice * BigInt(months), c.decimals),
        currency: c.currency,
        expiresAt: isoTime(expiresAt),
        ...txResult(sent),
      };
    },
  },
  {
    path: ['subscription', 'cancel'],
    args: 'ADDRESS',
    summary: 'while the model is paused, cancel your subscription: the unused time comes back pro rata',
    options: {},
    async run(ctx, input) {
      const model = addressArg(input, 'ADDRESS (the model)');
      const [user, m] = await Promise.all([ctx.signer(), fetchModelAccount(ctx.sender, model)]);
      const c = currencyOf(m);
      const sent = await cancelSubscription(ctx.sender, { user, model, ...ctx.programOptions });
      const refund = eventsNamed(parseEvents(sent.logs), 'SubscriptionCancelled')[0]?.refund ?? 0n;
      return {
        model,
        cancelled: true,
        refund: formatAmount(refund, c.decimals),
        currency: c.currency,
        ...txResult(sent),
      };
    },
  },
  {
    path: ['pass', 'buy'],
    args: 'ADDRESS',
    summary: "buy a bulk pass (the model's pass size and price; escrowed until used)",
    options: {
      'max-price': {
        type: 'string',
        value: 'AMOUNT',
        description: 'refuse if the pass costs more (default: the current price)',
      },
      'min-uses': {
        type: 'string',
        value: 'N',
        description: 'refuse if the pass has fewer uses (default: the current size)',
      },
    },
    async run(ctx, input) {
      const model = addressArg(input, 'ADDRESS (the model)');
      const [user, m] = await Promise.all([ctx.signer(), fetchModelAccount(ctx.sender, model)]);
      const c = currencyOf(m);
      const maxText = input.values.str('max-price');
      const maxPrice = maxText === undefined ? undefined : parseAmount(maxText, c.decimals, '--max-price');
      const minText = input.values.str('min-uses');
      const minUses = minText === undefined ? undefined : parseInteger(minText, '--min-uses', 0, 4_294_967_295);
      ctx.out.info(`buying ${m.passSize} uses for ${money(m.passPrice, c)}`);
      const sent = await buyPass(ctx.sender, { user, model, maxPrice, minUses, ...ctx.programOptions });
      const [pass] = await findPassAddress({ model, user: user.address, ...ctx.programOptions });
      const data = await ctx.sender.getAccountData(pass);
      const p = data ? getPassDecoder().decode(data) : undefined;
      return {
        model,
        pass,
        usesLeft: p?.usesLeft ?? null,
        balance: p ? formatAmount(p.balance, c.decimals) : null,
        currency: c.currency,
        ...txResult(sent),
      };
    },
  },
  {
    path: ['pass', 'close'],
    args: 'ADDRESS',
    summary: 'close your pass on a model; the unused balance comes back',
    options: {},
    async run(ctx, input) {
      const model = addressArg(input, 'ADDRESS (the model)');
      const user = await ctx.signer();
      const sent = await closePass(ctx.sender, { user, model, ...ctx.programOptions });
      return { model, closed: true, ...txResult(sent) };
    },
  },
  {
    path: ['generate'],
    args: 'ADDRESS',
    summary: 'pay for one generation; with --wait (or --out) wait for the result and save it',
    options: {
      prompt: { type: 'string', value: 'TEXT', description: 'caption models: the prompt' },
      input: { type: 'string', value: 'FILE', description: 'the input file (JSON request, or an image for style)' },
      seed: { type: 'string', value: 'N', description: 'seed for a --prompt or default request' },
      mode: { type: 'string', value: 'per-use|subscription|pass', description: 'how to pay (default per-use)' },
      'max-price': {
        type: 'string',
        value: 'AMOUNT',
        description: 'per use: refuse a higher price (default: current)',
      },
      version: { type: 'string', value: 'N', description: 'model version (default: the current one)' },
      wait: { type: 'boolean', description: 'wait for the result' },
      out: { type: 'string', short: 'o', value: 'FILE', description: 'save the result here (implies --wait)' },
      timeout: {
        type: 'string',
        value: 'SECS',
        description: 'stop waiting after this long (default: the job deadline)',
      },
      gateway: { type: 'string', value: 'URL', description: 'IPFS HTTP gateway to fetch the result from' },
    },
    async run(ctx, input) {
      const { values } = input;
      const model = addressArg(input, 'ADDRESS (the model)');
      const mode = choice(values.str('mode') ?? 'per-use', MODES, '--mode');
      const seedText = values.str('seed');
      const seed = seedText === undefined ? undefined : parseInteger(seedText, '--seed');
      const versionText = values.str('version');
      const version = versionText === undefined ? undefined : parseInteger(versionText, '--version', 1, 2 ** 32 - 1);
      const [user, m] = await Promise.all([ctx.signer(), fetchModelAccount(ctx.sender, model)]);
      const c = currencyOf(m);
      const maxText = values.str('max-price');
      const maxPrice = maxText === undefined ? undefined : parseAmount(maxText, c.decimals, '--max-price');
      const bytes = await inputBytes(m.category, { prompt: values.str('prompt'), input: values.str('input'), seed });
      const store = await ctx.store();
      let inputCid: Uint8Array;
      if (store) {
        inputCid = await store.addBytes(bytes, 'generation-input');
      } else {
        if (bytes.length > CHUNK_SIZE) throw usageError('inputs over 1 MiB need --ipfs-dir or --kubo-url');
        inputCid = await rawCid(bytes);
        ctx.out.warn(`no --ipfs-dir or --kubo-url: the oracle must find the input ${cidToString(inputCid)} on IPFS`);
      }
      if (mode === PaymentMode.PerUse) ctx.out.info(`paying ${money(m.pricePerUse, c)} per use`);
      const sent = await requestGeneration(ctx.sender, {
        user,
        model,
        inputCid,
        mode,
        maxPrice,
        version,
        ...ctx.programOptions,
      });
      const result: PrintableObject = {
        job: sent.job,
        model,
        mode: MODES[mode],
        inputCid: cidToString(inputCid),
        inputStored: store !== undefined,
        ...txResult(sent),
      };
      const out = values.str('out');
      if (!values.flag('wait') && !out) {
        ctx.out.info(`requested; follow it with \`modelmint job show ${sent.job}\``);
        return { ...result, status: 'open' };
      }
      const timeoutText = values.str('timeout');
      const j = await waitForJob(ctx, sent.job as Address, {
        until: (job) => job.status >= JobStatus.Delivered,
        onStatus: (job) => ctx.out.info(`job ${sent.job}: ${nameOf(JOB_STATUSES, job.status)}`),
        timeoutMs: timeoutText === undefined ? undefined : parseInteger(timeoutText, '--timeout') * 1000,
      });
      const resultCid = Uint8Array.from(j.resultCid);
      result.status = nameOf(JOB_STATUSES, j.status);
      result.resultCid = cidToString(resultCid);
      const bytesOut = await fetchResult(ctx, resultCid, values.str('gateway'));
      if (!bytesOut) {
        ctx.out.warn(`fetch ${cidToString(resultCid)} from IPFS yourself (no store or gateway could serve it)`);
        return result;
      }
      result.bytes = bytesOut.length;
      if (out) {
        await writeFile(out, bytesOut);
        result.out = out;
        ctx.out.info(`saved ${bytesOut.length} bytes to ${out}`);
      } else if (m.category === Category.Caption) {
        result.output = new TextDecoder().decode(bytesOut);
      } else {
        ctx.out.warn('the result is an image: pass --out FILE to save it');
      }
      return result;
    },
  },
];
