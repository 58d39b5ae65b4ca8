// The base models of the local stack. `make start` pretrains the tiny bases (seconds on
// a CPU; the small ones take 7-12 minutes each) and gives the oracle them as its
// defaults, so a training config that names no base (the CLI's `{}`) trains on a base
// that exists instead of failing with BASE_MODEL_MISSING.

/** The base per category; `--size tiny` of the worker's pretrain produces exactly these. */
export const LOCAL_BASES = { caption: 'caption-tiny', generate: 'generate32-tiny', style: 'generate32-tiny' } as const;

/** The worker's `pretrain --size` that produces LOCAL_BASES. */
export const LOCAL_BASE_SIZE = 'tiny';

/** The oracle's `--default-base` flag for LOCAL_BASES. */
export function defaultBaseArgs(): string[] {
  return [
    '--default-base',
    Object.entries(LOCAL_BASES)
      .map(([category, base]) => `${category}=${base}`)
      .join(','),
  ];
}
