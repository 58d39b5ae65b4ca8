// Every instruction path of the compiled program, in LiteSVM, stays within its compute-unit
// budget (bench/cu-budgets.ts, quoted in the README). Keys are fresh each run and PDA bumps
// move some paths by ~1,500 units an extra hash, so each currency runs a few times.
import { MODELMINT_IDL, TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS } from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { cuBudget, instructionOf } from '../../bench/cu-budgets.js';
import { measureEveryInstruction } from '../fixtures/cu.js';

const RUNS = 3;
const everyInstruction = (MODELMINT_IDL as unknown as { instructions: { name: string }[] }).instructions.map(
  (i) => i.name,
);

describe.each([
  ['SOL', 'sol', 'sol'],
  ['Token-2022', TOKEN_2022_PROGRAM_ADDRESS, 'spl'],
  ['SPL Token', TOKEN_PROGRAM_ADDRESS, 'spl'],
] as const)('compute units on a model paid in %s', (_, token, paidIn) => {
  it('every path of every instruction is within its budget', async () => {
    for (let run = 0; run < RUNS; run++) {
      const paths = await measureEveryInstruction(token);
      // The SOL scenario runs every instruction of the IDL (a new one must be measured too); the
      // SPL ones its token paths (the treasury's fees are SOL: no withdraw_fees there).
      if (paidIn === 'sol') expect(new Set(paths.map((p) => instructionOf(p.name)))).toEqual(new Set(everyInstruction));
      const over = paths
        .filter((p) => p.units > cuBudget(p.name, paidIn))
        .map((p) => `${p.name}: ${p.units} > ${cuBudget(p.name, paidIn)}`);
      expect(over).toEqual([]);
    }
  });
});

describe('budgets', () => {
  it('hold the hot path to 6,000, create_model to 80,000, SPL paths to 20,000, the rest to 15,000', () => {
    expect(cuBudget('settle_job', 'sol')).toBe(6_000);
    expect(cuBudget('request_generation (pass)', 'sol')).toBe(6_000);
    expect(cuBudget('settle_job (training, publishes a version)', 'sol')).toBe(15_000);
    expect(cuBudget('create_model', 'spl')).toBe(80_000);
    expect(cuBudget('settle_job', 'spl')).toBe(20_000);
    expect(cuBudget('claim_job', 'spl')).toBe(6_000);
    expect(cuBudget('close_job', 'sol')).toBe(15_000);
  });
});
