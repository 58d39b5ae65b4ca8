// fees withdraw | mint trust
import { setTrustedMint, withdrawFees } from '../../actions.js';
import { eventsNamed, parseEvents } from '../../events.js';
import { addressArg, type Command, txResult } from '../command.js';
import { formatAmount } from '../units.js';

export const adminCommands: Command[] = [
  {
    path: ['fees', 'withdraw'],
    args: '',
    summary: 'as the treasury, take the SOL platform fees accrued in the fee vault',
    options: {},
    async run(ctx) {
      const treasury = await ctx.signer();
      const sent = await withdrawFees(ctx.sender, { treasury, ...ctx.programOptions });
      const amount = eventsNamed(parseEvents(sent.logs), 'FeesWithdrawn')[0]?.amount ?? 0n;
      return { treasury: treasury.address, withdrawn: formatAmount(amount, 9), currency: 'SOL', ...txResult(sent) };
    },
  },
  {
    path: ['mint', 'trust'],
    args: 'MINT',
    summary: 'as the admin, let models be priced in a payment mint that has a freeze authority (--remove: stop)',
    options: {
      remove: { type: 'boolean', description: 'remove the mint from the trusted list' },
    },
    async run(ctx, input) {
      const mint = addressArg(input, 'MINT');
      const trusted = !input.values.flag('remove');
      const sent = await setTrustedMint(ctx.sender, {
        admin: await ctx.signer(),
        mint,
        trusted,
        ...ctx.programOptions,
      });
      return { mint, trusted, ...txResult(sent) };
    },
  },
];
