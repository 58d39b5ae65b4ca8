// The `modelmint` command-line client: for creators, consumers and operators,
// against the local stack or any cluster. Node-only; not part of the SDK's
// browser entry.
import { commandPath, GLOBAL_OPTIONS, GROUPS, optionHelp, parseCommandArgs, Values } from './args.js';
import type { Command } from './command.js';
import { adminCommands } from './commands/admin.js';
import { consumerCommands } from './commands/consumer.js';
import { jobCommands } from './commands/jobs.js';
import { modelCommands } from './commands/model.js';
import { trainCommands } from './commands/train.js';
import { verifyCommands } from './commands/verify.js';
import { walletCommands } from './commands/wallet.js';
import { Context } from './context.js';
import { reportOf, usageError } from './errors.js';
import { Output, type Writer } from './output.js';

/** Every command, in help order. */
export const COMMANDS: Command[] = [
  ...walletCommands,
  ...modelCommands,
  ...trainCommands,
  ...consumerCommands,
  ...jobCommands,
  ...adminCommands,
  ...verifyCommands,
];

function usageLine(c: Command): string {
  return `modelmint ${c.path.join(' ')}${c.args ? ` ${c.args}` : ''} [options]`;
}

/** The overview printed by `modelmint --help`. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => (c.path.join(' ') + (c.args ? ` ${c.args}` : '')).length));
  return [
    'modelmint: the command-line client of the modelmint marketplace',
    '',
    'usage: modelmint [global options] <command> [arguments] [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${(c.path.join(' ') + (c.args ? ` ${c.args}` : '')).padEnd(width)}  ${c.summary}`),
    '',
    'global options:',
    ...optionHelp(GLOBAL_OPTIONS),
    '',
    "Amounts are in SOL (or the payment mint's units), e.g. --price 0.001.",
    '`modelmint <command> --help` shows its options.',
  ].join('\n');
}

function commandHelp(c: Command): string {
  const lines = [`usage: ${usageLine(c)}`, '', c.summary];
  if (Object.keys(c.options).length) lines.push('', 'options:', ...optionHelp(c.options));
  lines.push('', 'global options:', ...optionHelp(GLOBAL_OPTIONS));
  return lines.join('\n');
}

/** Runs one invocation; returns the exit code. */
export async function main(argv: readonly string[], io: { stdout?: Writer; stderr?: Writer } = {}): Promise<number> {
  const json = argv.includes('--json');
  const out = new Output(json, io.stdout, io.stderr);
  const stdout = io.stdout ?? process.stdout;
  let ctx: Context | undefined;
  try {
    const { path, rest } = commandPath(argv);
    const wantsHelp = rest.includes('--help') || rest.includes('-h');
    if (path.length === 0 || (path[0] === 'help' && path.length === 1)) {
      if (path.length === 0 && !wantsHelp && rest.length) throw usageError('no command given (see --help)');
      stdout.write(`${mainHelp()}\n`);
      return path.length === 0 && !wantsHelp ? 2 : 0;
    }
    const command = COMMANDS.find((c) => c.path.length === path.length && c.path.every((w, i) => w === path[i]));
    if (!command) {
      const group = path[0] ?? '';
      if (GROUPS.has(group)) {
        const subs = COMMANDS.filter((c) => c.path[0] === group).map((c) => c.path[1]);
        throw usageError(
          path.length === 1
            ? `\`${group}\` needs a sub-command: ${subs.join(', ')}`
            : `unknown command \`${path.join(' ')}\` (${group}: ${subs.join(', ')})`,
        );
      }
      throw usageError(`unknown command \`${path.join(' ')}\` (see --help)`);
    }
    if (wantsHelp) {
      stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    const { positionals, values } = parseCommandArgs(rest, command.options);
    ctx = new Context(values, out);
    const result = await command.run(ctx, { positionals, values });
    out.result(result);
    return 0;
  } catch (e) {
    const r = reportOf(e);
    out.error(r);
    return r.exitCode;
  } finally {
    await ctx?.close().catch(() => undefined);
  }
}

export { Values };
