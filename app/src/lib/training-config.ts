// The training config a creator fills in: the worker's presets and rules
// (gpu-oracle/worker/modelmint_worker/config.py) checked in the browser, plus
// the oracle's `base` and `seed`. What is pinned is exactly the JSON the
// worker reads: the preset name and only the fields the creator changed.

export const PRESETS = {
  Beginner: {
    learningRate: 0.001,
    epochs: 20,
    batchSize: 8,
    validationSplit: 0.2,
    earlyStoppingPatience: 3,
    loraRank: 4,
  },
  Standard: {
    learningRate: 0.001,
    epochs: 50,
    batchSize: 8,
    validationSplit: 0.2,
    earlyStoppingPatience: 5,
    loraRank: 8,
  },
  Expert: {
    learningRate: 0.0005,
    epochs: 100,
    batchSize: 16,
    validationSplit: 0.15,
    earlyStoppingPatience: 10,
    loraRank: 16,
  },
} as const;
export type PresetName = keyof typeof PRESETS;
export const BATCH_SIZES = [4, 8, 16, 32];
export const LORA_RANKS = [1, 2, 4, 8, 16, 32];

/** Base models per category: the tiny ones train in seconds on a CPU (the local stack pretrains them). */
export const BASES: Record<'caption' | 'generate' | 'style', string[]> = {
  caption: ['caption-tiny', 'caption-small'],
  generate: ['generate32-tiny', 'generate32-small', 'generate64-small'],
  style: ['generate32-tiny', 'generate32-small', 'generate64-small'],
};

/** The form: every field as typed (strings), so a half-typed number is not lost. */
export interface TrainingForm {
  preset: PresetName;
  base: string;
  learningRate: string;
  epochs: string;
  batchSize: string;
  validationSplit: string;
  earlyStoppingPatience: string;
  loraRank: string;
  seed: string;
}

export function formFromPreset(preset: PresetName, base: string): TrainingForm {
  const p = PRESETS[preset];
  return {
    preset,
    base,
    learningRate: String(p.learningRate),
    epochs: String(p.epochs),
    batchSize: String(p.batchSize),
    validationSplit: String(p.validationSplit),
    earlyStoppingPatience: String(p.earlyStoppingPatience),
    loraRank: String(p.loraRank),
    seed: '0',
  };
}

type NumericField = Exclude<keyof TrainingForm, 'preset' | 'base'>;

const isNum = (t: string) => /^\d+(\.\d+)?$|^\.\d+$/.test(t.trim());
const isInt = (t: string) => /^\d+$/.test(t.trim());

/** The config JSON, or the problem of each field (every problem at once). */
export function trainingConfig(
  f: TrainingForm,
  category: 'caption' | 'generate' | 'style',
):
  | { ok: true; config: Record<string, string | number> }
  | { ok: false; errors: Partial<Record<keyof TrainingForm, string>> } {
  const errors: Partial<Record<keyof TrainingForm, string>> = {};
  if (!(f.preset in PRESETS)) errors.preset = 'choose Beginner, Standard or Expert';
  if (!BASES[category].includes(f.base)) errors.base = `a ${category} base: ${BASES[category].join(', ')}`;
  const lr = Number(f.learningRate);
  if (!isNum(f.learningRate) || !(lr > 0 && lr <= 1)) errors.learningRate = 'a number in (0, 1]';
  if (!isInt(f.epochs) || Number(f.epochs) < 1 || Number(f.epochs) > 1000)
    errors.epochs = 'a whole number from 1 to 1000';
  if (!BATCH_SIZES.includes(Number(f.batchSize)) || !isInt(f.batchSize))
    errors.batchSize = `one of ${BATCH_SIZES.join(', ')}`;
  const vs = Number(f.validationSplit);
  if (!isNum(f.validationSplit) || vs < 0.1 || vs > 0.3) errors.validationSplit = 'a number from 0.1 to 0.3';
  const pat = Number(f.earlyStoppingPatience);
  if (!isInt(f.earlyStoppingPatience) || pat < 1 || pat > 1000)
    errors.earlyStoppingPatience = 'a whole number from 1 to 1000';
  if (!LORA_RANKS.includes(Number(f.loraRank)) || !isInt(f.loraRank))
    errors.loraRank = `one of ${LORA_RANKS.join(', ')}`;
  if (!isInt(f.seed) || Number(f.seed) > 2 ** 31 - 1) errors.seed = 'a whole number from 0 to 2147483647';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const preset = PRESETS[f.preset];
  const config: Record<string, string | number> = { preset: f.preset, base: f.base };
  for (const k of Object.keys(preset) as (keyof typeof preset & NumericField)[]) {
    const v = Number(f[k]);
    if (v !== preset[k]) config[k] = v;
  }
  if (Number(f.seed) !== 0) config.seed = Number(f.seed);
  return { ok: true, config };
}
