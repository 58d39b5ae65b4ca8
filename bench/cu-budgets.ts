/**
 * The compute-unit budget of every instruction path, in one place: `bench/cu.ts` prints it beside
 * the measured units, `tests/program/cu-budget.test.ts` fails `make test` when a path of the
 * compiled program exceeds it, and the README quotes it.
 */

/** The per-use path: paid for on every generation, so held to the tightest budget. */
export const HOT_INSTRUCTIONS = ['request_generation', 'claim_job', 'submit_result', 'settle_job'] as const;

/** Instructions that move SPL tokens when the model is SPL-priced (create_model also creates the vault). */
export const SPL_PATHS = [
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

export const CU_BUDGET = {
  hot: 6_000,
  /** The Token-2022 asset with its metadata: nine CPIs. */
  createModel: 80_000,
  /** Any path of an SPL-priced model that moves tokens. */
  spl: 20_000,
  other: 15_000,
} as const;

/**
 * Paths held to another budget than their instruction's. A training settlement publishes a
 * version (creates its account, finding its address): once per trained version, not per use.
 */
const PATH_BUDGETS: Readonly<Record<string, number>> = {
  'settle_job (training, publishes a version)': CU_BUDGET.other,
};

/** The instruction of a recorded path: "settle_job (training, ...)" -> "settle_job". */
export function instructionOf(path: string): string {
  return path.split(' (')[0] ?? path;
}

/** The budget of a path as `runEveryInstruction` names it, on a model paid in SOL or in an SPL token. */
export function cuBudget(path: string, paidIn: 'sol' | 'spl'): number {
  const instruction = instructionOf(path);
  if (instruction === 'create_model') return CU_BUDGET.createModel;
  if (paidIn === 'spl' && (SPL_PATHS as readonly string[]).includes(instruction)) return CU_BUDGET.spl;
  return (
    PATH_BUDGETS[path] ??
    ((HOT_INSTRUCTIONS as readonly string[]).includes(instruction) ? CU_BUDGET.hot : CU_BUDGET.other)
  );
}
