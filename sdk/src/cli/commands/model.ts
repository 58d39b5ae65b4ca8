// model create | show | update | allow | revoke | allow-import | withdraw
// (the allowlist CSV format of allow-import: ../../allowlist-csv.ts)
import { readFile } from 'node:fs/promises';
import { type Address, getBase64Encoder, type Instruction, type KeyPairSigner } from '@solana/kit';
import { createModel, fetchModelAccount, paymentOf, revokeAccess, withdrawRevenue } from '../../actions.js';
import { parseAllowlistCsv } from '../../allowlist-csv.js';
import { cidToString, rawCid } from '../../cid.js';
import { TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS } from '../../constants.js';
import { eventsNamed, parseEvents } from '../../events.js';
import { getAccessGrantDecoder, getModelSize, type Model } from '../../generated/accounts/index.js';
import type { Payment } from '../../instructions/index.js';
import { grantAccessInstruction, updateModelInstruction } from '../../instructions/index.js';
import { findGrantAddress } from '../../pdas.js';
import {
  addressArg,
  CATEGORIES,
  type Command,
  type CommandInput,
  choice,
  cidText,
  currencyOf,
  MODEL_STATUSES,
  money,
  nameOf,
  txResult,
  VISIBILITIES,
} from '../command.js';
import type { Context } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { CHUNK_SIZE } from '../ipfs.js';
import { loadKeypair } from '../keys.js';
import type { PrintableObject } from '../output.js';
import { startProgress } from '../progress.js';
import { formatAmount, isoTime, parseAddress, parseAmount, parseExpiry, parseInteger } from '../units.js';

/** Grants sent per transaction by `allow-import` (each adds two keys and an instruction). */
export const GRANTS_PER_TRANSACTION = 8;

const PRICING_OPTIONS = {
  price: { type: 'string', value: 'AMOUNT', description: 'price per use, in SOL (or the payment mint)' },
  'subscription-price': { type: 'string', value: 'AMOUNT', description: 'price of 30 days; 0 = not offered' },
  'pass-size': { type: 'string', value: 'N', description: 'uses in a bulk pass; 0 = not offered' },
  'pass-price': { type: 'string', value: 'AMOUNT', description: 'price of a pass' },
  visibility: { type: 'string', value: 'public|allowlist', description: 'who may pay (default public)' },
} as const;

/** Reads a model card: a JSON object of at most 1 MiB (one raw IPFS block). */
async function readCard(path: string): Promise<{ bytes: Uint8Array; card: Record<string, unknown> }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new CliError('FileNotFound', `cannot read card ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (bytes.length > CHUNK_SIZE) throw new CliError('CardTooLarge', `the card is over 1 MiB (${bytes.length} bytes)`);
  let card: unknown;
  try {
    card = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new CliError('InvalidCard', `${path} is not JSON: ${(e as Error).message}`);
  }
  if (typeof card !== 'object' || card === null || Array.isArray(card)) {
    throw new CliError('InvalidCard', `${path} must hold a JSON object (name, description, tags, ...)`);
  }
  return { bytes, card: card as Record<string, unknown> };
}

/** Stores the card when a store is configured; returns its CID and whether it was stored. */
async function storeCard(ctx: Context, bytes: Uint8Array): Promise<{ cid: Uint8Array; stored: boolean }> {
  const cid = await rawCid(bytes);
  const store = await ctx.store();
  if (!store) {
    ctx.out.warn(`no --ipfs-dir or --kubo-url: pin the card yourself; its CID is ${cidToString(cid)}`);
    return { cid, stored: false };
  }
  const stored = await store.addBytes(bytes, 'model-card');
  if (cidToString(stored) !== cidToString(cid)) {
    throw new CliError('IpfsError', `the store gave the card ${cidToString(stored)}, expected ${cidToString(cid)}`);
  }
  ctx.out.info(`card stored in ${store.description} as ${cidToString(cid)}`);
  return { cid, stored: true };
}

/** The payment mint's program and decimals, read from the chain. */
async function mintInfo(ctx: Context, mint: Address): Promise<{ payment: Payment; decimals: number }> {
  const { value } = await ctx.rpc.getAccountInfo(mint, { encoding: 'base64', commitment: ctx.commitment }).send();
  if (!value) throw new CliError('AccountNotFound', `payment mint ${mint} does not exist`);
  if (value.owner !== TOKEN_PROGRAM_ADDRESS && value.owner !== TOKEN_2022_PROGRAM_ADDRESS) {
    throw new CliError('InvalidMint', `${mint} is not an SPL Token or Token-2022 mint`);
  }
  const data = getBase64Encoder().encode(value.data[0]);
  const decimals = data[44];
  if (decimals === undefined) throw new CliError('InvalidMint', `${mint} is not a mint account`);
  return { payment: { mint, tokenProgram: value.owner }, decimals };
}

/** Withdrawable revenue: SOL above rent, or vault tokens above what open jobs and passes are owed. */
async function revenueOf(ctx: Context, model: Address, m: Model): Promise<bigint> {
  if (!paymentOf(m)) {
    const [{ value: balance }, rent] = await Promise.all([
      ctx.rpc.getBalance(model, { commitment: ctx.commitment }).send(),
      ctx.rpc.getMinimumBalanceForRentExemption(BigInt(getModelSize())).send(),
    ]);
    return balance > rent ? balance - rent : 0n;
  }
  const { value } = await ctx.rpc.getTokenAccountBalance(m.vault, { commitment: ctx.commitment }).send();
  const inVault = BigInt(value.amount);
  return inVault > m.escrowed ? inVault - m.escrowed : 0n;
}

/** Everything a person or a script wants to know about a model. */
export function modelView(address: Address, m: Model): PrintableObject {
  const c = currencyOf(m);
  const amount = (u: bigint) => formatAmount(u, c.decimals);
  return {
    model: address,
    assetMint: m.assetMint,
    creator: m.creator,
    category: nameOf(CATEGORIES, m.category),
    visibility: nameOf(VISIBILITIES, m.visibility),
    status: nameOf(MODEL_STATUSES, m.status),
    currentVersion: m.currentVersion,
    versionCount: m.versionCount,
    cardCid: cidText(m.cardCid),
    pricing: {
      currency: c.currency,
      decimals: c.decimals,
      perUse: amount(m.pricePerUse),
      subscription: m.subscriptionPrice === 0n ? null : amount(m.subscriptionPrice),
      passSize: m.passSize,
      pass: m.passSize === 0 ? null : amount(m.passPrice),
    },
    stats: {
      uses: m.uses,
      grossRevenue: amount(m.grossRevenue),
      ratings: m.ratingCount,
      rating: m.ratingCount === 0n ? null : (Number(m.ratingSum) / Number(m.ratingCount)).toFixed(2),
    },
  };
}

async function sendOne(ctx: Context, ix: Instruction, signer: KeyPairSigner) {
  return ctx.sender.send([ix], signer);
}

async function holder(ctx: Context, input: CommandInput) {
  const model = addressArg(input, 'ADDRESS (the model)');
  const [owner, m] = await Promise.all([ctx.signer(), fetchModelAccount(ctx.sender, model)]);
  return { model, owner, m, programAddress: ctx.programAddress };
}

export const modelCommands: Command[] = [
  {
    path: ['model', 'create'],
    summary: 'create and mint a model (a Token-2022 asset held by your wallet)',
    options: {
      name: {
        type: 'string',
        value: 'TEXT',
        description: 'asset name, at most 32 bytes (default: the card\'s "name")',
      },
      symbol: { type: 'string', value: 'TEXT', description: 'asset symbol, at most 10 bytes' },
      category: { type: 'string', value: 'caption|style|generate', description: 'what the model does (required)' },
      ...PRICING_OPTIONS,
      card: { type: 'string', value: 'FILE', description: 'model card JSON (required)' },
      mint: { type: 'string', value: 'FILE', description: 'keypair file of the asset mint (default: a new one)' },
      'payment-mint': { type: 'string', value: 'MINT', description: 'price in this SPL mint instead of SOL' },
      uri: { type: 'string', value: 'URI', description: 'metadata URI (default ipfs://<card CID>)' },
    },
    async run(ctx, { values, positionals }) {
      if (positionals.length) throw usageError(`unexpected arguments: ${positionals.join(' ')}`);
      const category = choice(values.need('category'), CATEGORIES, '--category');
      const visibility = choice(values.str('visibility') ?? 'public', VISIBILITIES, '--visibility');
      const { bytes, card } = await readCard(values.need('card'));
      const name = values.str('name') ?? (typeof card.name === 'string' ? card.name : undefined);
      if (!name) throw usageError('--name is required (or a "name" in the card)');
      const symbol = values.str('symbol') ?? (typeof card.symbol === 'string' ? card.symbol : undefined);
      if (!symbol) throw usageError('--symbol is required (or a "symbol" in the card)');
      const paymentMint = values.str('payment-mint');
      const mint = paymentMint ? await mintInfo(ctx, parseAddress(paymentMint, '--payment-mint')) : undefined;
      const decimals = mint?.decimals ?? 9;
      const pricePerUse = parseAmount(values.need('price'), decimals, '--price');
      const subscriptionPrice = parseAmount(values.str('subscription-price') ?? '0', decimals, '--subscription-price');
      const passSize = parseInteger(values.str('pass-size') ?? '0', '--pass-size', 0, 2 ** 32 - 1);
      const passPrice = parseAmount(values.str('pass-price') ?? '0', decimals, '--pass-price');
      if (passSize > 0 && passPrice === 0n) throw usageError('--pass-price is required with --pass-size');
      const creator = await ctx.signer();
      const mintPath = values.str('mint');
      const assetMint = mintPath ? await loadKeypair(mintPath) : undefined;
      const { cid, stored } = await storeCard(ctx, bytes);
      const uri = values.str('uri') ?? `ipfs://${cidToString(cid)}`;
      ctx.out.info(`creating "${name}" (${symbol}) ...`);
      const sent = await createModel(ctx.sender, {
        creator,
        assetMint,
        category,
        visibility,
        pricePerUse,
        subscriptionPrice,
        passSize,
        passPrice,
        cardCid: cid,
        name,
        symbol,
        uri,
        payment: mint?.payment,
        ...ctx.programOptions,
      });
      return {
        model: sent.model,
        assetMint: sent.assetMint,
        owner: creator.address,
        cardCid: cidToString(cid),
        cardStored: stored,
        uri,
        ...txResult(sent),
      };
    },
  },
  {
    path: ['model', 'show'],
    args: 'ADDRESS',
    summary: 'a model: pricing, visibility, status, versions, stats, withdrawable revenue',
    options: {},
    async run(ctx, input) {
      const model = addressArg(input, 'ADDRESS (the model)');
      const m = await fetchModelAccount(ctx.sender, model);
      const view = modelView(model, m);
      view.withdrawable = formatAmount(await revenueOf(ctx, model, m), currencyOf(m).decimals);
      return view;
    },
  },
  {
    path: ['model', 'update'],
    args: 'ADDRESS',
    summary: 'change pricing, visibility, status or card (asset holder)',
    options: {
      ...PRICING_OPTIONS,
      status: { type: 'string', value: 'draft|ready|paused', description: 'ready needs a published version' },
      card: { type: 'string', value: 'FILE', description: 'a new model card JSON' },
    },
    async run(ctx, input) {
      const { values } = input;
      const { model, owner, m, programAddress } = await holder(ctx, input);
      const { decimals } = currencyOf(m);
      const amount = (flag: string) => {
        const v = values.str(flag);
        return v === undefined ? undefined : parseAmount(v, decimals, `--${flag}`);
      };
      const passSizeText = values.str('pass-size');
      const visibilityText = values.str('visibility');
      const statusText = values.str('status');
      const cardPath = values.str('card');
      const cardCid = cardPath ? (await storeCard(ctx, (await readCard(cardPath)).bytes)).cid : undefined;
      const changes = {
        pricePerUse: amount('price'),
        subscriptionPrice: amount('subscription-price'),
        passSize: passSizeText === undefined ? undefined : parseInteger(passSizeText, '--pass-size', 0, 2 ** 32 - 1),
        passPrice: amount('pass-price'),
        visibility: visibilityText === undefined ? undefined : choice(visibilityText, VISIBILITIES, '--visibility'),
        status: statusText === undefined ? undefined : choice(statusText, MODEL_STATUSES, '--status'),
        cardCid,
      };
      if (Object.values(changes).every((v) => v === undefined)) {
        throw usageError(
          'nothing to change: give --price, --subscription-price, --pass-size, --pass-price, --visibility, --status or --card',
        );
      }
      const ix = await updateModelInstruction({ owner, model, assetMint: m.assetMint, programAddress, ...changes });
      const sent = await sendOne(ctx, ix, owner);
      return { ...modelView(model, await fetchModelAccount(ctx.sender, model)), ...txResult(sent) };
    },
  },
  {
    path: ['model', 'allow'],
    args: 'ADDRESS',
    summary: 'grant a wallet access to an allowlist model',
    options: {
      user: { type: 'string', value: 'WALLET', description: 'wallet to grant (required)' },
      expires: {
        type: 'string',
        value: 'WHEN',
        description: 'unix seconds, ISO date or duration (30d); default never',
      },
    },
    async run(ctx, input) {
      const { model, owner, m, programAddress } = await holder(ctx, input);
      const user = parseAddress(input.values.need('user'), '--user');
      const expiresAt = parseExpiry(input.values.str('expires') ?? '', await ctx.sender.getUnixTime());
      if (typeof expiresAt === 'string') throw usageError(`--expires: ${expiresAt}`);
      const ix = await grantAccessInstruction({
        owner,
        model,
        assetMint: m.assetMint,
        user,
        expiresAt,
        programAddress,
      });
      const sent = await sendOne(ctx, ix, owner);
      const [grant] = await findGrantAddress({ model, user, ...ctx.programOptions });
      return { model, user, grant, expiresAt: isoTime(expiresAt), ...txResult(sent) };
    },
  },
  {
    path: ['model', 'revoke'],
    args: 'ADDRESS',
    summary:
      "remove a wallet's access: its grant closed, its pass refunded, its subscription's unused time refunded pro rata (topped up from your wallet if you withdrew the revenue)",
    options: {
      user: { type: 'string', value: 'WALLET', description: 'wallet to revoke (required)' },
    },
    async run(ctx, input) {
      const { model, owner, m, programAddress } = await holder(ctx, input);
      const user = parseAddress(input.values.need('user'), '--user');
      const c = currencyOf(m);
      const sent = await revokeAccess(ctx.sender, { owner, model, user, programAddress });
      const e = eventsNamed(parseEvents(sent.logs), 'AccessRevoked')[0];
      return {
        model,
        user,
        revoked: true,
        passRefund: formatAmount(e?.passRefund ?? 0n, c.decimals),
        subscriptionRefund: formatAmount(e?.subscriptionRefund ?? 0n, c.decimals),
        currency: c.currency,
        ...txResult(sent),
      };
    },
  },
  {
    path: ['model', 'allow-import'],
    args: 'ADDRESS',
    summary: 'grant every wallet of a CSV (wallet[,expiry] per line); all lines are checked before anything is sent',
    options: {
      csv: { type: 'string', value: 'FILE', description: 'the allowlist (required)' },
      'dry-run': { type: 'boolean', description: 'validate only' },
    },
    async run(ctx, input) {
      const model = addressArg(input, 'ADDRESS (the model)');
      const path = input.values.need('csv');
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        throw new CliError('FileNotFound', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      const now = await ctx.sender.getUnixTime();
      const { entries, problems } = parseAllowlistCsv(text, now);
      if (problems.length) {
        throw new CliError('InvalidCsv', `${problems.length} bad line(s) in ${path}; nothing was sent`, {
          details: {
            problems: problems.map((p) => `line ${p.line}: ${p.message} (${p.text})`),
            lines: problems.map((p) => p.line),
          },
        });
      }
      if (entries.length === 0) throw new CliError('InvalidCsv', `${path} holds no wallet`);
      if (input.values.flag('dry-run')) return { model, valid: entries.length, sent: 0 };
      const [owner, m] = await Promise.all([ctx.signer(), fetchModelAccount(ctx.sender, model)]);
      // Skip wallets whose grant already has this expiry, so a re-run sends only what changed.
      const grants = await Promise.all(
        entries.map(async (e) => (await findGrantAddress({ model, user: e.user, ...ctx.programOptions }))[0]),
      );
      const todo: typeof entries = [];
      for (let i = 0; i < entries.length; i += 100) {
        const { value } = await ctx.rpc
          .getMultipleAccounts(grants.slice(i, i + 100), { encoding: 'base64', commitment: ctx.commitment })
          .send();
        value.forEach((acc, j) => {
          const e = entries[i + j];
          if (!e) return;
          if (acc) {
            const g = getAccessGrantDecoder().decode(getBase64Encoder().encode(acc.data[0]));
            if (g.expiresAt === e.expiresAt) return;
          }
          todo.push(e);
        });
      }
      const bar = startProgress(ctx.out, 'granting', todo.length);
      const signatures: string[] = [];
      let done = 0;
      try {
        for (let i = 0; i < todo.length; i += GRANTS_PER_TRANSACTION) {
          const batch = todo.slice(i, i + GRANTS_PER_TRANSACTION);
          const ixs = await Promise.all(
            batch.map((e) =>
              grantAccessInstruction({
                owner,
                model,
                assetMint: m.assetMint,
                user: e.user,
                expiresAt: e.expiresAt,
                programAddress: ctx.programAddress,
              }),
            ),
          );
          try {
            signatures.push((await ctx.sender.send(ixs, owner)).signature);
          } catch (e) {
            bar.stop();
            if (e instanceof Error) {
              e.message = `${e.message} (after ${done} of ${todo.length} grants; lines ${batch.map((b) => b.line).join(', ')} not granted)`;
            }
            throw e;
          }
          done += batch.length;
          bar.update(done);
        }
      } finally {
        bar.stop();
      }
      return { model, valid: entries.length, granted: done, unchanged: entries.length - todo.length, signatures };
    },
  },
  {
    path: ['model', 'withdraw'],
    args: 'ADDRESS',
    summary: "withdraw the model's revenue to the asset holder",
    options: {},
    async run(ctx, input) {
      const { model, owner, m } = await holder(ctx, input);
      const amount = await revenueOf(ctx, model, m);
      const sent = await withdrawRevenue(ctx.sender, { owner, model, ...ctx.programOptions });
      const c = currencyOf(m);
      ctx.out.info(`withdrew ${money(amount, c)}`);
      return {
        model,
        to: owner.address,
        amount: formatAmount(amount, c.decimals),
        currency: c.currency,
        ...txResult(sent),
      };
    },
  },
];
