// keygen, balance, airdrop.
import { lamports } from '@solana/kit';
import { type Command, sleep } from '../command.js';
import { isLocalUrl } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { writeNewKeypair } from '../keys.js';
import { formatAmount, parseAddress, parseAmount } from '../units.js';

export const walletCommands: Command[] = [
  {
    path: ['keygen'],
    summary: 'create a new keypair file (Solana CLI format, mode 0600); prints only its address',
    options: {
      out: { type: 'string', short: 'o', value: 'FILE', description: 'where to write the keypair (required)' },
      force: { type: 'boolean', description: 'overwrite an existing file' },
    },
    offline: true,
    async run(ctx, { values, positionals }) {
      if (positionals.length) throw usageError(`unexpected arguments: ${positionals.join(' ')}`);
      const out = values.need('out');
      const signer = await writeNewKeypair(out, values.flag('force'));
      ctx.out.info(`wrote a new keypair to ${out} (keep it secret)`);
      return { address: signer.address, file: out };
    },
  },
  {
    path: ['balance'],
    args: '[ADDRESS]',
    summary: 'SOL balance of ADDRESS (default: the --keypair wallet)',
    options: {},
    async run(ctx, { positionals }) {
      if (positionals.length > 1) throw usageError(`unexpected arguments: ${positionals.slice(1).join(' ')}`);
      const who = positionals[0] ? parseAddress(positionals[0], 'ADDRESS') : (await ctx.signer()).address;
      const { value } = await ctx.rpc.getBalance(who, { commitment: ctx.commitment }).send();
      return { address: who, lamports: value, sol: formatAmount(value, 9) };
    },
  },
  {
    path: ['airdrop'],
    args: 'SOL',
    summary: 'request SOL from the local chain (loopback URLs only)',
    options: { to: { type: 'string', value: 'ADDRESS', description: 'recipient (default: the --keypair wallet)' } },
    async run(ctx, { positionals, values }) {
      if (positionals.length !== 1) throw usageError('airdrop takes one amount in SOL, e.g. `airdrop 10`');
      if (!isLocalUrl(ctx.url)) {
        throw new CliError('NotLocal', `airdrop is for the local chain; ${ctx.url} is not a loopback URL`);
      }
      const amount = parseAmount(positionals[0] ?? '', 9, 'SOL');
      if (amount === 0n) throw usageError('the amount must be more than 0');
      const to = values.str('to') ? parseAddress(values.need('to'), '--to') : (await ctx.signer()).address;
      const signature = await ctx.rpc.requestAirdrop(to, lamports(amount), { commitment: ctx.commitment }).send();
      const end = Date.now() + 30_000;
      for (;;) {
        const { value } = await ctx.rpc.getSignatureStatuses([signature]).send();
        const s = value[0];
        if (s?.err) throw new CliError('AirdropFailed', `airdrop ${signature} failed: ${JSON.stringify(s.err)}`);
        if (s && (s.confirmationStatus === 'confirmed' || s.confirmationStatus === 'finalized')) break;
        if (Date.now() > end) throw new CliError('Timeout', `airdrop ${signature} was not confirmed in 30 s`);
        await sleep(200);
      }
      const { value } = await ctx.rpc.getBalance(to, { commitment: ctx.commitment }).send();
      return {
        address: to,
        signature,
        lamports: value,
        sol: formatAmount(value, 9),
        airdropped: formatAmount(amount, 9),
      };
    },
  },
];
