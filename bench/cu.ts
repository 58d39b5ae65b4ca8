// `npm run bench:cu`: runs every instruction of the compiled program in
// LiteSVM and records the compute units it consumed (the program's own
// invocation, CPIs included; the Ed25519 precompile is not metered by the
// runtime). Writes bench/results/cu.json ({"<instruction>": units} for SOL,
// plus "<instruction>_spl" with a Token-2022 6-decimal mint for every
// instruction that moves SPL tokens) and bench/results/cu-spl-token.json (the
// same SPL paths with a classic SPL Token mint), and prints the table with
// the budgets of bench/cu-budgets.ts (tests/program/cu-budget.test.ts is the
// test that fails when a path exceeds its budget; this only reports).
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { measureEveryInstruction } from '../tests/fixtures/cu.js';
import { REPO_ROOT } from '../tests/fixtures/svm.js';
import { cuBudget, SPL_PATHS } from './cu-budgets.js';

/** Runs per currency: PDA bumps depend on the random keys (~1,500 CU per extra hash), so the median is reported. */
const RUNS = 9;

/** The budget of a `cu.json` key (`<instruction>` or `<instruction>_spl`). */
const target = (name: string) => (name.endsWith('_spl') ? cuBudget(name.slice(0, -4), 'spl') : cuBudget(name, 'sol'));

type Figures = Map<string, number[]>;

/** Compute units of every step over `RUNS` runs, main paths and other paths apart. */
async function scenario(token: 'sol' | Address): Promise<{ main: Figures; extra: Figures }> {
  const main: Figures = new Map();
  const extra: Figures = new Map();
  for (let i = 0; i < RUNS; i++) {
    for (const s of await measureEveryInstruction(token)) {
      const into = s.main ? main : extra;
      into.set(s.name, [...(into.get(s.name) ?? []), s.units]);
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
  for (const [k, v] of sol.extra) line(k, median(v), cuBudget(k, 'sol'), spread(v));
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
