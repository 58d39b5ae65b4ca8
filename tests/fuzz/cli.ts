// `npm run fuzz -- --ops N [--seed S]`: the conservation driver for long runs.
import { parseArgs } from 'node:util';
import { runFuzz } from './driver.js';
import { seedFromEnv } from './prng.js';

const { values } = parseArgs({
  options: { ops: { type: 'string', default: '10000' }, seed: { type: 'string' }, quiet: { type: 'boolean' } },
});
const ops = Number(values.ops);
if (!Number.isInteger(ops) || ops <= 0) throw new RangeError('--ops must be a positive integer');
const seed = values.seed === undefined ? seedFromEnv() : Number(values.seed) >>> 0;
console.log(`[fuzz] seed ${seed} (reproduce with --seed ${seed} or MODELMINT_FUZZ_SEED=${seed}), ${ops} operations`);
const report = await runFuzz({ seed, ops, log: values.quiet ? undefined : (line) => console.log(line) });
const seconds = report.millis / 1000;
console.log(
  `[fuzz] seed ${report.seed}: ${report.ops} ops in ${seconds.toFixed(1)} s (${(report.ops / seconds).toFixed(0)} ops/s)`,
);
console.log(
  `[fuzz] ${report.succeeded} accepted, ${report.transactions} transactions, ${report.finishedJobs} jobs finished, ${report.checks} checks, fees ${report.feesPaid} lamports`,
);
console.log('[fuzz] accepted by operation:');
for (const [k, v] of Object.entries(report.byOperation).sort()) console.log(`  ${k.padEnd(22)} ${v}`);
console.log('[fuzz] refusals by operation:error:');
for (const [k, v] of Object.entries(report.refusals).sort()) console.log(`  ${k.padEnd(44)} ${v}`);
if (report.failure) {
  console.error(`[fuzz] FAILED: ${report.failure}`);
  process.exit(1);
}
console.log('[fuzz] every invariant held');
