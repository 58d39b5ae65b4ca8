// `npm run bench:cu`: runs every instruction of the compiled program in
// LiteSVM and records the compute units it consumed (the program's own
// invocation, CPIs included; the Ed25519 precompile is not metered by the
// runtime). Writes bench/results/cu.json ({"<instruction>": units} for SOL,
// plus "<instruction>_spl" with a Token-2022 6-decimal mint for every
// instruction that moves SPL tokens) and bench/results/cu-spl-token.json (the
// same SPL paths with a classic SPL Token mint), and prints the table with
// the targets of issue 3. A benchmark, not a test: it never fails on a target.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROGRAM_ADDRESS, TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { REPO_ROOT } from '../tests/fixtures/svm.js';
import { runEveryInstruction } from '../tests/fuzz/every-instruction.js';

/** Instructions that move SPL tokens when the model is SPL-priced (create_model creates the vault). */
const SPL_PATHS = [
  'create_model',
  'request_training',
  'request_generation',
  'subscribe',
  'buy_pass',
  'close_pass',
  'revoke_access',
  'fail_job',
  'refund_expired',
  'resolve_dispute',
  'settle_job',
  'withdraw_revenue',
  'cancel_subscription',
] as const;

/** Runs per currency: PDA bumps depend on the random keys (~1,500 CU per extra hash), so the median is reported. */
const RUNS = 9;

/** Targets of issue 3, compute units. */
function target(name: string): number {
  // create_model moves no tokens (its SPL variant also creates the vault): its own target applies.
  if (name.startsWith('create_model')) return 80_000;
  if (name.endsWith('_spl')) return 20_000;
  if (['request_generation', 'claim_job', 'submit_result', 'settle_job'].includes(name)) return 6_000;
  return 15_000;
}

/** Units consumed by the modelmint invocation at the top of the transaction. */
function unitsOf(logs: readonly string[]): number {
  const re = new RegExp(`^Program ${PROGRAM_ADDRESS} consumed (\\d+) of`);
  let units: number | undefined;
  for (const line of logs) {
    const m = re.exec(line);
    if (m?.[1]) units = Number(m[1]);
  }
  if (units === undefined) throw new Error(`no modelmint consumption line in\n${logs.join('\n')}`);
  return units;
}

type Figures = Map<string, number[]>;

/** Compute units of every step over `RUNS` runs, main paths and other paths apart. */
async function scenario(token: 'sol' | Address): Promise<{ main: Figures; extra: Figures }> {
  const main: Figures = new Map();
  const extra: Figures = new Map();
  for (let i = 0; i < RUNS; i++) {
    const { steps } = await runEveryInstruction(token);
    for (const s of steps) {
      const into = s.main ? main : extra;
      into.set(s.name, [...(into.get(s.name) ?? []), unitsOf(s.logs)]);
    }
  }
  return { main, extra };
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function spread(xs: readonly number[] | undefined): string {
  if (!xs?.length) return '';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? '' : `(${lo}-${hi})`;
}

async function main(): Promise<void> {
  const sol = await scenario('sol');
  const t22 = await scenario(TOKEN_2022_PROGRAM_ADDRESS);
  const classic = await scenario(TOKEN_PROGRAM_ADDRESS);

  const results: Record<string, number> = {};
  const runs = new Map<string, number[]>();
  for (const [k, v] of sol.main) {
    results[k] = median(v);
    runs.set(k, v);
  }
  const classicResults: Record<string, number> = {};
  for (const k of SPL_PATHS) {
    const v = t22.main.get(k);
    if (v) {
      results[`${k}_spl`] = median(v);
      runs.set(`${k}_spl`, v);
    }
    const c = classic.main.get(k);
    if (c) classicResults[`${k}_spl`] = median(c);
  }

  const dir = resolve(REPO_ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'cu.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(resolve(dir, 'cu-spl-token.json'), `${JSON.stringify(classicResults, null, 2)}\n`);

  const rows: string[] = [];
  const line = (name: string, units: number, limit: number | undefined, note = '') => {
    const mark = limit === undefined ? '' : units <= limit ? 'ok' : 'EXCEEDS';
    const limitText = limit === undefined ? '' : `<= ${limit}`;
    rows.push(`${name.padEnd(44)} ${String(units).padStart(7)}  ${limitText.padEnd(9)} ${mark.padEnd(8)}${note}`);
  };
  rows.push(`median of ${RUNS} runs with fresh keys; (min-max) where the runs differ`);
  rows.push(`${'instruction'.padEnd(44)} ${'CU'.padStart(7)}  ${'target'.padEnd(9)}`);
  rows.push('-'.repeat(90));
  for (const [k, v] of Object.entries(results)) {
    if (!k.endsWith('_spl')) line(k, v, target(k), spread(runs.get(k)));
  }
  rows.push('');
  rows.push('SPL variants: Token-2022 mint (6 decimals); classic SPL Token mint in the note');
  for (const k of SPL_PATHS) {
    const name = `${k}_spl`;
    const v = results[name];
    if (v !== undefined)
      line(name, v, target(name), `classic ${classicResults[name] ?? '-'} ${spread(runs.get(name))}`);
  }
  rows.push('');
  rows.push('other paths of the same instructions, SOL (not in cu.json)');
  for (const [k, v] of sol.extra) line(k, median(v), undefined, spread(v));
  console.log(rows.join('\n'));
  const over = Object.entries(results).filter(([k, v]) => v > target(k));
  console.log(
    over.length
      ? `\n${over.length} over target: ${over.map(([k, v]) => `${k} ${v} > ${target(k)}`).join(', ')}`
      : '\nevery instruction is within its target',
  );
  console.log(`\nwrote ${resolve(dir, 'cu.json')} and cu-spl-token.json`);
}

await main();
