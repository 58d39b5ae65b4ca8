// Command-line parsing on node:util's parseArgs: global options anywhere,
// then a command path (`model create`), then the command's own options.
import { parseArgs } from 'node:util';
import { usageError } from './errors.js';

/** One option of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder in the help text, e.g. `FILE`. */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  url: { type: 'string', short: 'u', value: 'URL', description: 'JSON-RPC endpoint (default http://127.0.0.1:8899)' },
  ws: { type: 'string', value: 'URL', description: 'websocket endpoint (default: derived from --url)' },
  keypair: {
    type: 'string',
    short: 'k',
    value: 'FILE',
    description: 'Solana CLI keypair file (default ~/.config/solana/id.json)',
  },
  json: { type: 'boolean', description: 'machine-readable output' },
  program: { type: 'string', value: 'ADDRESS', description: "program address (default: the SDK's)" },
  commitment: { type: 'string', value: 'LEVEL', description: 'processed | confirmed (default) | finalized' },
  'ipfs-dir': {
    type: 'string',
    value: 'DIR',
    description: "embedded IPFS store of the local stack (blocks/ + pins.jsonl, as the oracle's --ipfs-dir)",
  },
  'kubo-url': { type: 'string', value: 'URL', description: 'Kubo RPC API, e.g. http://127.0.0.1:5001' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
} as const satisfies OptionSpecs;

/** Parsed options of one invocation. */
export class Values {
  constructor(private readonly v: Record<string, string | boolean | undefined>) {}

  str(name: string): string | undefined {
    const x = this.v[name];
    return typeof x === 'string' ? x : undefined;
  }

  need(name: string): string {
    const x = this.str(name);
    if (x === undefined || x === '') throw usageError(`--${name} is required`);
    return x;
  }

  flag(name: string): boolean {
    return this.v[name] === true;
  }
}

export interface ParsedCommand {
  /** Command words, e.g. `['model', 'create']`; empty when none was given. */
  path: string[];
  positionals: string[];
  values: Values;
}

/** Words that take a sub-command. */
export const GROUPS = new Set(['model', 'pass', 'dataset', 'job', 'subscription', 'fees', 'mint']);

/** Finds the command words among `argv` (skipping global options and their values). */
export function commandPath(argv: readonly string[]): { path: string[]; rest: string[] } {
  const path: string[] = [];
  const rest: string[] = [];
  const globalsWithValue = new Set(
    Object.entries(GLOBAL_OPTIONS)
      .filter(([, s]) => s.type === 'string')
      .flatMap(([k, s]) => [`--${k}`, ...('short' in s ? [`-${s.short}`] : [])]),
  );
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const wantMore = path.length === 0 || (path.length === 1 && GROUPS.has(path[0] ?? ''));
    if (!wantMore) break;
    if (a === '--') break;
    if (a.startsWith('-')) {
      rest.push(a);
      if (globalsWithValue.has(a) && i + 1 < argv.length) rest.push(argv[++i] ?? '');
      continue;
    }
    path.push(a);
  }
  rest.push(...argv.slice(i));
  return { path, rest };
}

/** Parses `rest` against the global options plus the command's. */
export function parseCommandArgs(rest: string[], options: OptionSpecs): { positionals: string[]; values: Values } {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  const all: OptionSpecs = { ...GLOBAL_OPTIONS, ...options };
  for (const [name, s] of Object.entries(all)) {
    config[name] = s.short ? { type: s.type, short: s.short } : { type: s.type };
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: config, allowPositionals: true, strict: true });
    return { positionals, values: new Values(values as Record<string, string | boolean | undefined>) };
  } catch (e) {
    throw usageError((e as Error).message);
  }
}

/** Help text of a list of options. */
export function optionHelp(options: OptionSpecs): string[] {
  return Object.entries(options).map(([name, s]) => {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${name}${s.value ? ` ${s.value}` : ''}`;
    return `  ${flag.padEnd(34)} ${s.description}`;
  });
}
